//! A small command-line parser: positional arguments, `--name value` (or `--name=value`)
//! options and `--switch` flags, checked against what each command accepts.
//!
//! Every mistake becomes a message for the user; nothing here panics.

/// What one command accepts.
pub struct Spec {
    /// The command as the user typed it, for messages (`gradfall train`).
    pub command: &'static str,
    /// Options that take a value.
    pub valued: &'static [&'static str],
    /// Options that take no value.
    pub switches: &'static [&'static str],
}

/// The parsed arguments of one command.
#[derive(Debug, Default)]
pub struct Args {
    pub positionals: Vec<String>,
    options: Vec<(String, String)>,
    switches: Vec<String>,
}

impl Args {
    /// The value of `--name`, if it was given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `--name` was given.
    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    /// The one positional argument a command takes (`what` names it in messages).
    pub fn single(&self, spec: &Spec, what: &str) -> Result<&str, String> {
        match self.positionals.as_slice() {
            [one] => Ok(one),
            [] => Err(format!("{} needs {what} (see {} --help)", spec.command, spec.command)),
            [_, extra, ..] => Err(format!(
                "{} takes one {what}; unexpected '{extra}' (quote the query: \"act=relu&depth=20\")",
                spec.command
            )),
        }
    }

    /// The value of `--name` as a whole number, or `default` when absent.
    pub fn number(&self, name: &str, default: u64) -> Result<u64, String> {
        match self.value(name) {
            None => Ok(default),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("--{name} wants a whole number of 0 or more, not '{text}'")),
        }
    }
}

/// Parse `args` (the words after the command name) against `spec`.
/// `--help` and `-h` are always accepted, as the switch `help`.
pub fn parse(spec: &Spec, args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if word == "-h" || word == "--help" {
            parsed.switches.push("help".to_string());
            continue;
        }
        let Some(flag) = word.strip_prefix("--") else {
            if word.len() > 1 && word.starts_with('-') && !looks_like_number(word) {
                return Err(unknown(spec, word));
            }
            parsed.positionals.push(word.clone());
            continue;
        };
        let (name, inline_value) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (flag, None),
        };
        if spec.switches.contains(&name) {
            if inline_value.is_some() {
                return Err(format!("--{name} takes no value"));
            }
            if !parsed.switch(name) {
                parsed.switches.push(name.to_string());
            }
        } else if spec.valued.contains(&name) {
            let value = match inline_value {
                Some(value) => value,
                None => match words.next() {
                    Some(value) if !value.starts_with("--") => value.clone(),
                    _ => {
                        return Err(format!(
                            "--{name} needs a value (see {} --help)",
                            spec.command
                        ))
                    }
                },
            };
            if parsed.value(name).is_some() {
                return Err(format!("--{name} is given twice"));
            }
            parsed.options.push((name.to_string(), value));
        } else {
            return Err(unknown(spec, word));
        }
    }
    Ok(parsed)
}

fn unknown(spec: &Spec, word: &str) -> String {
    format!(
        "unknown option '{word}' for {} (see {} --help)",
        spec.command, spec.command
    )
}

fn looks_like_number(word: &str) -> bool {
    word.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        command: "gradfall test",
        valued: &["steps", "out"],
        switches: &["json"],
    };

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn reads_values_in_both_spellings_and_switches() {
        let args = parse(
            &SPEC,
            &words(&["q", "--steps", "5", "--out=f.json", "--json"]),
        )
        .unwrap();
        assert_eq!(args.positionals, ["q"]);
        assert_eq!(args.value("steps"), Some("5"));
        assert_eq!(args.value("out"), Some("f.json"));
        assert!(args.switch("json"));
        assert!(!args.switch("help"));
        assert_eq!(args.number("steps", 1), Ok(5));
        assert_eq!(args.number("absent", 7), Ok(7));
    }

    #[test]
    fn rejects_unknown_missing_repeated_and_bad_numbers() {
        assert!(parse(&SPEC, &words(&["--nope"]))
            .unwrap_err()
            .contains("unknown option '--nope'"));
        assert!(parse(&SPEC, &words(&["-x"]))
            .unwrap_err()
            .contains("unknown option '-x'"));
        assert!(parse(&SPEC, &words(&["--steps"]))
            .unwrap_err()
            .contains("needs a value"));
        assert!(parse(&SPEC, &words(&["--steps", "--json"]))
            .unwrap_err()
            .contains("needs a value"));
        assert!(parse(&SPEC, &words(&["--steps=1", "--steps=2"]))
            .unwrap_err()
            .contains("twice"));
        assert!(parse(&SPEC, &words(&["--json=1"]))
            .unwrap_err()
            .contains("takes no value"));
        let args = parse(&SPEC, &words(&["--steps", "abc"])).unwrap();
        assert!(args.number("steps", 0).unwrap_err().contains("'abc'"));
        let args = parse(&SPEC, &words(&["--steps", "-3"])).unwrap();
        assert!(args.number("steps", 0).is_err());
    }

    #[test]
    fn exactly_one_positional() {
        let args = parse(&SPEC, &words(&["a"])).unwrap();
        assert_eq!(args.single(&SPEC, "a query"), Ok("a"));
        let none = parse(&SPEC, &words(&[])).unwrap();
        assert!(none
            .single(&SPEC, "a query")
            .unwrap_err()
            .contains("needs a query"));
        let two = parse(&SPEC, &words(&["a", "b"])).unwrap();
        assert!(two.single(&SPEC, "a query").unwrap_err().contains("'b'"));
    }

    #[test]
    fn help_is_always_accepted() {
        assert!(parse(&SPEC, &words(&["-h"])).unwrap().switch("help"));
        assert!(parse(&SPEC, &words(&["q", "--help"]))
            .unwrap()
            .switch("help"));
    }
}
