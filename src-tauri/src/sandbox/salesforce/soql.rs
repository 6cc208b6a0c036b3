//! A deliberately small SOQL responder: `SELECT f1, f2 FROM Object [WHERE f = 'v' [AND …]] [LIMIT n]`
//! over the fixed `Organization` and `User` rows. Anything beyond that is `MALFORMED_QUERY`, an unknown
//! object `INVALID_TYPE` and an unknown field `INVALID_FIELD`, in Salesforce's words.

use serde_json::{json, Map, Value};

use super::{API_VERSION, ORG_ID, ORG_NAME, USERNAME, USER_ID};

/// Why a query is refused: Salesforce's `errorCode` and message.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct SoqlError {
    pub code: &'static str,
    pub message: String,
}

fn malformed(message: impl Into<String>) -> SoqlError {
    SoqlError { code: "MALFORMED_QUERY", message: message.into() }
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Text(String),
    Number(u64),
    Comma,
    Equals,
}

fn tokenize(soql: &str) -> Result<Vec<Token>, SoqlError> {
    let mut tokens = Vec::new();
    let mut chars = soql.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == ',' {
            chars.next();
            tokens.push(Token::Comma);
        } else if c == '=' {
            chars.next();
            tokens.push(Token::Equals);
        } else if c == '\'' {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next() {
                    Some('\\') => text.extend(chars.next()),
                    Some('\'') => break,
                    Some(c) => text.push(c),
                    None => return Err(malformed("unterminated string literal")),
                }
            }
            tokens.push(Token::Text(text));
        } else if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            tokens.push(Token::Number(digits.parse().map_err(|_| malformed("number too large"))?));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut word = String::new();
            while let Some(&w) = chars.peek().filter(|w| w.is_ascii_alphanumeric() || **w == '_' || **w == '.') {
                word.push(w);
                chars.next();
            }
            tokens.push(Token::Word(word));
        } else {
            return Err(malformed(format!("unexpected token: '{c}'")));
        }
    }
    Ok(tokens)
}

fn is_keyword(token: Option<&Token>, keyword: &str) -> bool {
    matches!(token, Some(Token::Word(word)) if word.eq_ignore_ascii_case(keyword))
}

/// One row: `(field, value)` pairs with canonical field names.
type Row = Vec<(&'static str, Value)>;

/// The object's canonical name and rows.
fn rows(object: &str) -> Option<(&'static str, Vec<Row>)> {
    if object.eq_ignore_ascii_case("Organization") {
        let org = vec![
            ("Id", json!(ORG_ID)),
            ("Name", json!(ORG_NAME)),
            ("OrganizationType", json!("Enterprise Edition")),
            ("IsSandbox", json!(true)),
            ("InstanceName", json!("SB1")),
            ("NamespacePrefix", Value::Null),
            ("LanguageLocaleKey", json!("en_US")),
        ];
        return Some(("Organization", vec![org]));
    }
    if object.eq_ignore_ascii_case("User") {
        let user = |id: &str, username: &str, first: &str, last: &str| {
            vec![
                ("Id", json!(id)),
                ("Username", json!(username)),
                ("Email", json!(username)),
                ("FirstName", json!(first)),
                ("LastName", json!(last)),
                ("Name", json!(format!("{first} {last}"))),
                ("IsActive", json!(true)),
                ("UserType", json!("Standard")),
            ]
        };
        let admin = user(USER_ID, USERNAME, "Ada", "Admin");
        let seller = user("005SB0000000002AAA", "sam.seller@acme.test", "Sam", "Seller");
        return Some(("User", vec![admin, seller]));
    }
    None
}

/// Answers a query with `{totalSize, done, records}` (one page: the data is small).
pub(super) fn run(soql: &str) -> Result<Value, SoqlError> {
    let tokens = tokenize(soql)?;
    let mut at = tokens.iter().peekable();
    if !is_keyword(at.next(), "SELECT") {
        return Err(malformed("a query starts with SELECT"));
    }
    let mut fields = Vec::new();
    loop {
        match at.next() {
            Some(Token::Word(word)) if !word.eq_ignore_ascii_case("FROM") => fields.push(word.clone()),
            _ => return Err(malformed("expected a field name")),
        }
        match at.peek() {
            Some(Token::Comma) => {
                at.next();
            }
            _ => break,
        }
    }
    if !is_keyword(at.next(), "FROM") {
        return Err(malformed("expected FROM after the fields"));
    }
    let object = match at.next() {
        Some(Token::Word(word)) => word.clone(),
        _ => return Err(malformed("expected an object after FROM")),
    };
    let Some((object_name, rows)) = rows(&object) else {
        return Err(SoqlError { code: "INVALID_TYPE", message: format!("sObject type '{object}' is not supported.") });
    };
    let field_of = |name: &str| -> Result<&'static str, SoqlError> {
        rows[0].iter().map(|(field, _)| *field).find(|field| field.eq_ignore_ascii_case(name)).ok_or_else(|| {
            SoqlError { code: "INVALID_FIELD", message: format!("No such column '{name}' on entity '{object_name}'.") }
        })
    };
    let selected = fields.iter().map(|f| field_of(f)).collect::<Result<Vec<_>, _>>()?;

    let mut filters = Vec::new();
    let mut limit = None;
    if is_keyword(at.peek().copied(), "WHERE") {
        at.next();
        loop {
            let field = match at.next() {
                Some(Token::Word(word)) => field_of(word)?,
                _ => return Err(malformed("expected a field in WHERE")),
            };
            if at.next() != Some(&Token::Equals) {
                return Err(malformed("only field = 'value' conditions are supported"));
            }
            let value = match at.next() {
                Some(Token::Text(text)) => json!(text),
                Some(Token::Word(word)) if word.eq_ignore_ascii_case("true") => json!(true),
                Some(Token::Word(word)) if word.eq_ignore_ascii_case("false") => json!(false),
                _ => return Err(malformed("expected a quoted value")),
            };
            filters.push((field, value));
            if is_keyword(at.peek().copied(), "AND") {
                at.next();
            } else {
                break;
            }
        }
    }
    if is_keyword(at.peek().copied(), "LIMIT") {
        at.next();
        match at.next() {
            Some(Token::Number(n)) => limit = Some(usize::try_from(*n).unwrap_or(usize::MAX)),
            _ => return Err(malformed("expected a number after LIMIT")),
        }
    }
    if at.next().is_some() {
        return Err(malformed("unexpected text at the end of the query"));
    }

    let records: Vec<Value> = rows
        .iter()
        .filter(|row| {
            filters.iter().all(|(field, wanted)| {
                row.iter().any(|(name, value)| name == field && value_matches(name, value, wanted))
            })
        })
        .take(limit.unwrap_or(usize::MAX))
        .map(|row| {
            let id = row.iter().find(|(name, _)| *name == "Id").and_then(|(_, v)| v.as_str()).unwrap_or_default();
            let mut record = Map::new();
            record.insert(
                "attributes".into(),
                json!({ "type": object_name, "url": format!("/services/data/v{API_VERSION}/sobjects/{object_name}/{id}") }),
            );
            for field in &selected {
                let value = row.iter().find(|(name, _)| name == field).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
                record.insert((*field).to_owned(), value);
            }
            Value::Object(record)
        })
        .collect();
    Ok(json!({ "totalSize": records.len(), "done": true, "records": records }))
}

/// Ids compare on their first 15 characters (Salesforce's case-sensitive id), text case-insensitively.
fn value_matches(field: &str, value: &Value, wanted: &Value) -> bool {
    match (value, wanted) {
        (Value::String(have), Value::String(want)) if field == "Id" => {
            have.len() == 18 && (want.len() == 15 || want.len() == 18) && have.get(..15) == want.get(..15)
        }
        (Value::String(have), Value::String(want)) => have.eq_ignore_ascii_case(want),
        (have, want) => have == want,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_organization_name() {
        let answer = run("SELECT Name FROM Organization").unwrap();
        assert_eq!(answer["totalSize"], 1);
        assert_eq!(answer["records"][0]["Name"], ORG_NAME);
        assert_eq!(answer["records"][0]["attributes"]["type"], "Organization");
    }

    #[test]
    fn filters_limits_and_case() {
        let answer = run(&format!("select id, username from user where Id = '{USER_ID}'")).unwrap();
        assert_eq!(answer["totalSize"], 1);
        assert_eq!(answer["records"][0]["Username"], USERNAME);
        let answer = run("SELECT Id FROM User WHERE IsActive = true LIMIT 1").unwrap();
        assert_eq!(answer["totalSize"], 1);
        let answer = run("SELECT Id FROM User WHERE Username = 'nobody@acme.test'").unwrap();
        assert_eq!(answer["totalSize"], 0);
    }

    #[test]
    fn refusals_use_salesforce_codes() {
        assert_eq!(run("SELECT Foo FROM Organization").unwrap_err().code, "INVALID_FIELD");
        assert_eq!(run("SELECT Id FROM Lead").unwrap_err().code, "INVALID_TYPE");
        assert_eq!(run("DELETE FROM User").unwrap_err().code, "MALFORMED_QUERY");
        assert_eq!(run("SELECT Id FROM User WHERE Name LIKE 'A%'").unwrap_err().code, "MALFORMED_QUERY");
        assert_eq!(run("SELECT Id FROM User ORDER BY Name").unwrap_err().code, "MALFORMED_QUERY");
        assert_eq!(run("SELECT Name FROM Organization WHERE Name = 'x").unwrap_err().code, "MALFORMED_QUERY");
    }
}
