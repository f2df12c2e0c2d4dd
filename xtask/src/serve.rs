//! `cargo xtask serve`: build the page, then serve `www/` on 127.0.0.1 (or, with `--dist`,
//! the static site of `cargo xtask dist` with the headers of its `_headers` file).

use crate::{build, dist, server};

/// Build the page's wasm, then serve www/ at http://127.0.0.1:PORT/
#[derive(clap::Args)]
pub struct Args {
    /// The port to listen on (0 picks a free one)
    #[arg(long, value_name = "P", default_value_t = 8000)]
    pub port: u16,
    /// Serve what is in www/ without building first
    #[arg(long)]
    pub no_build: bool,
    /// Write dist/ (as `cargo xtask dist`) and serve it with the headers its _headers names
    #[arg(long)]
    pub dist: bool,
}

pub fn run(
    Args {
        port,
        no_build,
        dist,
    }: Args,
) -> Result<(), String> {
    let root = crate::root();
    if !no_build {
        build::build(&root, true)?;
    }
    let served = if dist {
        let out = root.join("dist");
        dist::write_site(&root.join("www"), &out, dist::Scripts::Minified)?;
        out
    } else {
        root.join("www")
    };
    let server = server::Server::start(&served, ("127.0.0.1", port), true).map_err(|e| {
        format!("cannot serve on 127.0.0.1:{port}: {e} (another server there? try --port)")
    })?;
    println!("Gradfall is at {}  (Ctrl-C to stop)", server.url());
    server.wait();
    Ok(())
}
