use super::*;

fn error(text: &str) -> String {
    parse(text.as_bytes()).unwrap_err().to_string()
}

#[test]
fn reads_points_with_a_header_and_text_classes() {
    let table = parse(b"x,y,class\n0.5,1,red\n-2,3e-1,blue\n\n# a comment\n 1 , 2 ,red\n").unwrap();
    assert_eq!(table.features, ["x", "y"]);
    assert_eq!(table.classes, ["blue", "red"]);
    assert_eq!(table.raw.n_inputs, 2);
    assert_eq!(table.raw.n_classes, 2);
    assert_eq!(table.raw.x, [0.5, 1.0, -2.0, 0.3, 1.0, 2.0]);
    assert_eq!(table.raw.y, [1, 0, 1]);
    assert_eq!(table.n_rows(), 3);
}

#[test]
fn without_a_header_the_last_column_is_the_class_and_numeric_classes_sort_as_numbers() {
    let table = parse(b"1,2,3,10\n4,5,6,9\n7,8,9,10\n0,0,0,2\n").unwrap();
    assert_eq!(table.features, ["x1", "x2", "x3"]);
    assert_eq!(table.classes, ["2", "9", "10"]);
    assert_eq!(table.raw.y, [2, 1, 2, 0]);
    assert_eq!(table.raw.x[3..6], [4.0, 5.0, 6.0]);
}

#[test]
fn a_header_may_put_the_class_first() {
    let table = parse(b"Label,a,b\ncat,1,2\ndog,3,4\n").unwrap();
    assert_eq!(table.features, ["a", "b"]);
    assert_eq!(table.raw.x, [1.0, 2.0, 3.0, 4.0]);
    assert_eq!(table.raw.y, [0, 1]);
}

#[test]
fn crlf_line_ends_and_quoted_fields_are_read() {
    let table = parse(b"\"x\",\"y\",\"class\"\r\n\"1\",2,a\r\n3,\"4\",b\r\n").unwrap();
    assert_eq!(table.raw.x, [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn a_missing_column_names_its_line() {
    assert_eq!(
        error("x,y,class\n1,2,a\n\n3,b\n"),
        "line 4: 2 fields where the first line has 3 (missing column)"
    );
    assert_eq!(
        error("1,2,a\n3\n"),
        "line 2: 1 field where the first line has 3 (missing column)"
    );
    assert_eq!(
        error("1,2,a\n3,4,5,b\n"),
        "line 2: 4 fields where the first line has 3 (extra column)"
    );
}

#[test]
fn a_non_number_names_its_line_and_column() {
    assert_eq!(
        error("x,y,class\n1,2,a\n3,four,b\n"),
        "line 3: column 2 is \"four\", not a number"
    );
    assert_eq!(error("1,2,a\n,4,b\n"), "line 2: column 1 is empty");
    assert_eq!(
        error("1,2,a\n3,4,\n"),
        "line 2: column 3 (the class) is empty"
    );
    assert_eq!(
        error("1,2,a\n3,NaN,b\n"),
        "line 2: column 2 is \"NaN\", not a number"
    );
    assert_eq!(
        error("1,2,a\n3,1e40,b\n"),
        "line 2: column 2 is \"1e40\", not a number"
    );
    let long = format!("1,2,a\n3,{},b\n", "z".repeat(100));
    assert!(error(&long).contains(&format!("\"{}…\"", "z".repeat(23))));
}

#[test]
fn one_class_only_is_refused() {
    assert_eq!(
        error("x,y,class\n1,2,a\n3,4,a\n"),
        "every example has the class \"a\"; a classifier needs at least two classes"
    );
}

#[test]
fn too_many_classes_names_the_line_of_the_first_extra() {
    let text: String = (0..12).map(|c| format!("{c},{c},c{c}\n")).collect();
    let message = error(&text);
    assert!(
        message.starts_with("line 12: 12 different classes; at most 10"),
        "{message}"
    );
}

#[test]
fn too_many_rows_names_the_first_line_too_many() {
    let mut text = String::from("x,y,class\n");
    for i in 0..=MAX_ROWS {
        text.push_str(&format!("{i},{},{}\n", i % 7, i % 2));
    }
    assert_eq!(
        error(&text),
        format!(
            "line {}: more than 10000 examples; at most 10000 are accepted",
            MAX_ROWS + 2
        )
    );
    // Exactly the maximum is fine.
    let at_limit: String = text
        .lines()
        .take(MAX_ROWS + 1)
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(parse(at_limit.as_bytes()).unwrap().n_rows(), MAX_ROWS);
}

#[test]
fn too_many_features_is_refused_and_the_maximum_is_fine() {
    let row = |features: usize| {
        let mut fields: Vec<String> = (0..features).map(|f| f.to_string()).collect();
        fields.push("a".to_string());
        fields.join(",") + "\n"
    };
    let ok = row(MAX_FEATURES) + &row(MAX_FEATURES).replace(",a", ",b");
    assert_eq!(parse(ok.as_bytes()).unwrap().raw.n_inputs, MAX_FEATURES);
    assert_eq!(
        error(&row(MAX_FEATURES + 1)),
        "line 1: 65 feature columns; at most 64 are accepted"
    );
}

#[test]
fn empty_one_column_binary_and_oversized_files_are_refused() {
    assert_eq!(error(""), "the file holds no data");
    assert_eq!(error("\n# only a comment\n\n"), "the file holds no data");
    assert_eq!(
        error("x,y,class\n"),
        "the file has a header but no examples"
    );
    assert!(error("1\n2\n").starts_with("line 1: only one column"));
    let binary = parse(b"x,y,class\n1,2,a\n\xff\xfe,3,b\n").unwrap_err();
    assert_eq!(binary.line, Some(3));
    assert!(binary.reason.contains("UTF-8"), "{binary}");
    // An unclosed quote swallows the rest of the file into one field: still an error.
    let unclosed = parse(b"1,2,\"a\n3,4,b\n");
    assert!(unclosed.is_err(), "unclosed quote: {unclosed:?}");
    let huge = vec![b' '; MAX_BYTES + 1];
    assert!(parse(&huge).unwrap_err().reason.contains("at most 16 MB"));
}

#[test]
fn never_panics_on_arbitrary_bytes() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for length in 0..400 {
        let bytes: Vec<u8> = (0..length)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                b"0123456789.,-e\n\"# ab\xff"[(state % 21) as usize]
            })
            .collect();
        if let Ok(table) = parse(&bytes) {
            assert_eq!(table.raw.x.len(), table.n_rows() * table.raw.n_inputs);
            assert!(table
                .raw
                .y
                .iter()
                .all(|&c| (c as usize) < table.raw.n_classes));
        }
    }
}
