fn main() { println!("gradfall: being written"); }
