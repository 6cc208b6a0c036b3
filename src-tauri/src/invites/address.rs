//! Reading what an admin pastes into the address box: addresses separated by comma, semicolon, space or
//! newline, and mail-client forms such as `Ana López <ana@example.com>` or `"López, Ana" <ana@example.com>`.
//! Also the one email syntax check and normalisation every other module uses.

use serde::Serialize;
use ts_rs::TS;

/// One entry found in the pasted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAddress {
    /// The entry as it appeared (trimmed), shown back to the admin.
    pub input: String,
    /// The address part, trimmed (inside `<…>` when present).
    pub email: String,
    pub display_name: Option<String>,
}

/// Why an address is not valid. Codes cross IPC and the UI translates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EmailProblem {
    #[error("the address is empty")]
    Empty,
    #[error("the address has no @")]
    MissingAt,
    #[error("the address has more than one @")]
    SeveralAt,
    #[error("nothing before the @")]
    EmptyLocalPart,
    #[error("the part before the @ is longer than 64 characters")]
    LocalPartTooLong,
    #[error("the part before the @ has a character that is not allowed")]
    InvalidLocalPart,
    #[error("nothing after the @")]
    EmptyDomain,
    #[error("the domain after the @ is not valid")]
    InvalidDomain,
    #[error("the address is longer than 254 characters")]
    TooLong,
}

const SEPARATORS: [char; 6] = [',', ';', ' ', '\n', '\r', '\t'];

#[derive(Debug)]
enum Token {
    Word(String),
    Angle(String),
}

/// Splits on separators outside `"…"` and `<…>`, keeping `<…>` groups apart.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let flush = |current: &mut String, tokens: &mut Vec<Token>| {
        if !current.trim().is_empty() {
            tokens.push(Token::Word(current.trim().to_owned()));
        }
        current.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                flush(&mut current, &mut tokens);
                let quoted: String = chars.by_ref().take_while(|&q| q != '"').collect();
                if !quoted.trim().is_empty() {
                    tokens.push(Token::Word(quoted.trim().to_owned()));
                }
            }
            '<' => {
                flush(&mut current, &mut tokens);
                let inner: String = chars.by_ref().take_while(|&q| q != '>').collect();
                tokens.push(Token::Angle(inner.trim().to_owned()));
            }
            c if SEPARATORS.contains(&c) || c == '\u{a0}' => flush(&mut current, &mut tokens),
            c => current.push(c),
        }
    }
    flush(&mut current, &mut tokens);
    tokens
}

/// Reads every entry of a pasted text, in order. Words that are not addresses and are not followed by a
/// `<address>` become one entry each group, so the admin sees them flagged instead of silently dropped.
pub fn parse_addresses(text: &str) -> Vec<ParsedAddress> {
    let mut entries = Vec::new();
    let mut name_words: Vec<String> = Vec::new();
    let flush_words = |words: &mut Vec<String>, entries: &mut Vec<ParsedAddress>| {
        if !words.is_empty() {
            let joined = words.join(" ");
            entries.push(ParsedAddress { input: joined.clone(), email: joined, display_name: None });
            words.clear();
        }
    };
    for token in tokenize(text) {
        match token {
            Token::Angle(email) => {
                let name = (!name_words.is_empty()).then(|| name_words.join(" "));
                let input = match &name {
                    Some(name) => format!("{name} <{email}>"),
                    None => format!("<{email}>"),
                };
                entries.push(ParsedAddress { input, email, display_name: name });
                name_words.clear();
            }
            Token::Word(word) if word.contains('@') => {
                flush_words(&mut name_words, &mut entries);
                entries.push(ParsedAddress { input: word.clone(), email: word, display_name: None });
            }
            Token::Word(word) => name_words.push(word),
        }
    }
    flush_words(&mut name_words, &mut entries);
    entries
}

/// The form deduplication compares: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The signs RFC 5322 allows in a local part besides letters, digits and dots (a `match`, not a search in
/// a string: it runs on every character of every address of an import).
fn is_local_special(c: char) -> bool {
    matches!(c, '!' | '#' | '$' | '%' | '&' | '\'' | '*' | '+' | '/' | '=' | '?' | '^' | '_' | '`' | '{' | '|' | '}' | '~' | '-')
}

/// Checks an address's syntax. International domain names and non-ASCII local parts (SMTPUTF8) pass.
pub fn validate_email(email: &str) -> Result<(), EmailProblem> {
    let (local, domain) = split_email(email)?;
    validate_local_part(local)?;
    validate_domain(domain)
}

/// Distinct domains whose verdict an `EmailValidator` keeps (a file has few; this bounds a hostile one).
const MAX_CACHED_DOMAINS: usize = 10_000;

/// `validate_email` for many addresses in a row (a CSV file): the verdict on each distinct domain is kept,
/// since most rows share a handful of domains and the IDNA mapping is the costly part. Same answers as
/// `validate_email`, in the same order of checks.
#[derive(Debug, Default)]
pub struct EmailValidator {
    domains: hashbrown::HashMap<String, Result<(), EmailProblem>>,
}

impl EmailValidator {
    pub fn validate(&mut self, email: &str) -> Result<(), EmailProblem> {
        let (local, domain) = split_email(email)?;
        validate_local_part(local)?;
        if let Some(verdict) = self.domains.get(domain) {
            return *verdict;
        }
        let verdict = validate_domain(domain);
        if self.domains.len() < MAX_CACHED_DOMAINS {
            self.domains.insert(domain.to_owned(), verdict);
        }
        verdict
    }
}

/// The local part and domain of a trimmed address, or why it has no such split.
fn split_email(email: &str) -> Result<(&str, &str), EmailProblem> {
    let email = email.trim();
    if email.is_empty() {
        return Err(EmailProblem::Empty);
    }
    // A length in bytes ≤ 254 cannot hold more than 254 characters: count only the longer ones.
    if email.len() > 254 && email.chars().count() > 254 {
        return Err(EmailProblem::TooLong);
    }
    // Byte loops rather than `split_once`/`contains`: an address is a few dozen bytes, where setting up a
    // char searcher costs more than the search (this runs on every row of a CSV import).
    let Some(at) = email.bytes().position(|b| b == b'@') else {
        return Err(EmailProblem::MissingAt);
    };
    let (local, domain) = (email.get(..at).unwrap_or_default(), email.get(at + 1..).unwrap_or_default());
    if domain.bytes().any(|b| b == b'@') {
        return Err(EmailProblem::SeveralAt);
    }
    Ok((local, domain))
}

fn validate_local_part(local: &str) -> Result<(), EmailProblem> {
    if local.is_empty() {
        return Err(EmailProblem::EmptyLocalPart);
    }
    if local.len() > 64 {
        return Err(EmailProblem::LocalPartTooLong);
    }
    let allowed = |c: char| c.is_alphanumeric() || is_local_special(c) || c == '.';
    let double_dot = local.as_bytes().windows(2).any(|pair| pair == b"..");
    if !local.chars().all(allowed) || local.starts_with('.') || local.ends_with('.') || double_dot {
        return Err(EmailProblem::InvalidLocalPart);
    }
    Ok(())
}

fn validate_domain(domain: &str) -> Result<(), EmailProblem> {
    if domain.is_empty() {
        return Err(EmailProblem::EmptyDomain);
    }
    let ascii = idna::domain_to_ascii(domain).map_err(|_| EmailProblem::InvalidDomain)?;
    let labels: Vec<&str> = ascii.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels.last().is_some_and(|tld| tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    if labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok || ascii.len() > 253 {
        return Err(EmailProblem::InvalidDomain);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(text: &str) -> Vec<String> {
        parse_addresses(text).into_iter().map(|a| a.email).collect()
    }

    #[test]
    fn splits_on_every_separator() {
        assert_eq!(
            emails("a@x.com, b@x.com;c@x.com d@x.com\ne@x.com\r\n\tf@x.com"),
            ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com"]
        );
        assert!(parse_addresses(" ,; \n ").is_empty());
    }

    #[test]
    fn accepts_pasted_name_forms() {
        let parsed = parse_addresses("Ana López <ana@x.com>, \"García, Luis\" <luis@x.com>; <solo@x.com>");
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[0].email, "ana@x.com");
        assert_eq!(parsed[0].display_name.as_deref(), Some("Ana López"));
        assert_eq!(parsed[0].input, "Ana López <ana@x.com>");
        assert_eq!(parsed[1].display_name.as_deref(), Some("García, Luis"));
        assert_eq!(parsed[2].display_name, None);
    }

    #[test]
    fn stray_words_become_one_flagged_entry() {
        let parsed = parse_addresses("a@x.com not an email b@x.com");
        assert_eq!(emails("a@x.com not an email b@x.com"), ["a@x.com", "not an email", "b@x.com"]);
        assert_eq!(validate_email(&parsed[1].email), Err(EmailProblem::MissingAt));
    }

    #[test]
    fn normalizes_case_and_spaces() {
        assert_eq!(normalize_email("  Ana.Lopez@Example.COM "), "ana.lopez@example.com");
    }

    #[test]
    fn validates_syntax() {
        for good in ["a@b.co", "first.last+tag@sub.example.org", "josé@correo.es", "ana@bücher.de", "x@xn--bcher-kva.de"] {
            assert_eq!(validate_email(good), Ok(()), "{good}");
        }
        let bad = [
            ("", EmailProblem::Empty),
            ("plainaddress", EmailProblem::MissingAt),
            ("a@b@c.com", EmailProblem::SeveralAt),
            ("@example.com", EmailProblem::EmptyLocalPart),
            ("a..b@example.com", EmailProblem::InvalidLocalPart),
            (".a@example.com", EmailProblem::InvalidLocalPart),
            ("a b@example.com", EmailProblem::InvalidLocalPart),
            ("a@", EmailProblem::EmptyDomain),
            ("a@localhost", EmailProblem::InvalidDomain),
            ("a@example..com", EmailProblem::InvalidDomain),
            ("a@-example.com", EmailProblem::InvalidDomain),
            ("a@example.123", EmailProblem::InvalidDomain),
        ];
        for (address, problem) in bad {
            assert_eq!(validate_email(address), Err(problem), "{address}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert_eq!(validate_email(&long_local), Err(EmailProblem::LocalPartTooLong));
        // Every sign RFC 5322 allows in a local part passes; others, a trailing dot and an `@` in the domain
        // after a first one do not.
        assert_eq!(validate_email("!#$%&'*+/=?^_`{|}~-@example.com"), Ok(()));
        for sign in ['(', ')', ',', ';', ':', '"', '<', '>', '[', ']', '\\'] {
            assert_eq!(validate_email(&format!("a{sign}b@example.com")), Err(EmailProblem::InvalidLocalPart), "{sign}");
        }
        assert_eq!(validate_email("a.@example.com"), Err(EmailProblem::InvalidLocalPart));
        assert_eq!(validate_email("a@example.com@"), Err(EmailProblem::SeveralAt));
    }

    #[test]
    fn the_validator_with_memory_agrees_with_validate_email() {
        let mut validator = EmailValidator::default();
        let addresses = [
            "a@b.co", "A@B.CO", "josé@correo.es", "ana@bücher.de", "x@xn--bcher-kva.de", "", "  ", "plainaddress", "a@b@c.com",
            "@example.com", "a..b@example.com", "a b@example.com", "a@", "a@localhost", "a@example..com", "a@-example.com",
            "a@example.123", "b..c@example.com", "ok@example.com", "ok@EXAMPLE.com", "x@xn--zz.de", "x@exa_mple.com", " ñ@ñ.es ",
        ];
        let long = format!("{}@example.com", "é".repeat(130));
        let long_domain = format!("a@{}.com", "b".repeat(260));
        for _ in 0..2 {
            for address in addresses.iter().copied().chain([long.as_str(), long_domain.as_str()]) {
                assert_eq!(validator.validate(address), validate_email(address), "{address:?}");
            }
        }
    }
}
