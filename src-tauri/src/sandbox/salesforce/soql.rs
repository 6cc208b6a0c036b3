//! A deliberately small SOQL responder for the queries the app sends:
//! `SELECT f1, Rel.f2 FROM Object [WHERE f = 'v' | f != null | f IN ('a', 'b') [AND …]] [LIMIT n]` over
//! the tables the org gives (`super::org`). Relationship fields (`Profile.Name`) come back nested, as on
//! Salesforce. Anything beyond that is `MALFORMED_QUERY`, an unknown object `INVALID_TYPE` and an unknown
//! field `INVALID_FIELD`, in Salesforce's words.

use serde_json::{json, Map, Value};

use super::API_VERSION;

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
    NotEquals,
    Open,
    Close,
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
        } else if c == '!' {
            chars.next();
            if chars.next() != Some('=') {
                return Err(malformed("unexpected token: '!'"));
            }
            tokens.push(Token::NotEquals);
        } else if c == '(' || c == ')' {
            chars.next();
            tokens.push(if c == '(' { Token::Open } else { Token::Close });
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

/// One row: `(field, value)` pairs with canonical field names; relationship fields are dotted
/// (`Profile.Name`).
pub(super) type Row = Vec<(&'static str, Value)>;

/// An object's canonical name, its queryable fields and its rows.
pub(super) struct Table {
    pub name: &'static str,
    pub fields: &'static [&'static str],
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(name: &'static str, fields: &'static [&'static str], rows: Vec<Row>) -> Self {
        Self { name, fields, rows }
    }
}

enum Condition {
    Equals(&'static str, Value),
    NotEquals(&'static str, Value),
    In(&'static str, Vec<Value>),
}

fn value(token: Option<&Token>) -> Result<Value, SoqlError> {
    match token {
        Some(Token::Text(text)) => Ok(json!(text)),
        Some(Token::Number(n)) => Ok(json!(n)),
        Some(Token::Word(word)) if word.eq_ignore_ascii_case("true") => Ok(json!(true)),
        Some(Token::Word(word)) if word.eq_ignore_ascii_case("false") => Ok(json!(false)),
        Some(Token::Word(word)) if word.eq_ignore_ascii_case("null") => Ok(Value::Null),
        _ => Err(malformed("expected a quoted value, a number, true, false or null")),
    }
}

/// Runs a query against the table `lookup` gives for its object: `(object name, matching records)`.
pub(super) fn run(soql: &str, lookup: impl Fn(&str) -> Option<Table>) -> Result<(&'static str, Vec<Value>), SoqlError> {
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
    let Some(table) = lookup(&object) else {
        return Err(SoqlError { code: "INVALID_TYPE", message: format!("sObject type '{object}' is not supported.") });
    };
    let field_of = |name: &str| -> Result<&'static str, SoqlError> {
        table.fields.iter().copied().find(|field| field.eq_ignore_ascii_case(name)).ok_or_else(|| SoqlError {
            code: "INVALID_FIELD",
            message: format!("No such column '{name}' on entity '{}'.", table.name),
        })
    };
    let selected = fields.iter().map(|f| field_of(f)).collect::<Result<Vec<_>, _>>()?;

    let mut conditions = Vec::new();
    let mut limit = None;
    if is_keyword(at.peek().copied(), "WHERE") {
        at.next();
        loop {
            let field = match at.next() {
                Some(Token::Word(word)) => field_of(word)?,
                _ => return Err(malformed("expected a field in WHERE")),
            };
            let condition = match at.next() {
                Some(Token::Equals) => Condition::Equals(field, value(at.next())?),
                Some(Token::NotEquals) => Condition::NotEquals(field, value(at.next())?),
                Some(Token::Word(word)) if word.eq_ignore_ascii_case("IN") => {
                    if at.next() != Some(&Token::Open) {
                        return Err(malformed("expected ( after IN"));
                    }
                    let mut values = vec![value(at.next())?];
                    loop {
                        match at.next() {
                            Some(Token::Comma) => values.push(value(at.next())?),
                            Some(Token::Close) => break,
                            _ => return Err(malformed("expected , or ) in the IN list")),
                        }
                    }
                    Condition::In(field, values)
                }
                _ => return Err(malformed("only =, != and IN conditions are supported")),
            };
            conditions.push(condition);
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

    let get = |row: &Row, field: &str| row.iter().find(|(name, _)| *name == field).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
    let records = table
        .rows
        .iter()
        .filter(|row| {
            conditions.iter().all(|condition| match condition {
                Condition::Equals(field, wanted) => value_matches(field, &get(row, field), wanted),
                Condition::NotEquals(field, wanted) => !value_matches(field, &get(row, field), wanted),
                Condition::In(field, wanted) => wanted.iter().any(|w| value_matches(field, &get(row, field), w)),
            })
        })
        .take(limit.unwrap_or(usize::MAX))
        .map(|row| {
            let id = get(row, "Id");
            let mut record = Map::new();
            record.insert(
                "attributes".into(),
                json!({ "type": table.name, "url": format!("/services/data/v{API_VERSION}/sobjects/{}/{}", table.name, id.as_str().unwrap_or_default()) }),
            );
            for field in &selected {
                let value = get(row, field);
                match field.split_once('.') {
                    None => {
                        record.insert((*field).to_owned(), value);
                    }
                    Some((relation, name)) => {
                        let related = record
                            .entry(relation.to_owned())
                            .or_insert_with(|| json!({ "attributes": { "type": relation } }));
                        if let Some(related) = related.as_object_mut() {
                            related.insert(name.to_owned(), value);
                        }
                    }
                }
            }
            Value::Object(record)
        })
        .collect();
    Ok((table.name, records))
}

/// Ids compare on their first 15 characters (Salesforce's case-sensitive id), other text
/// case-insensitively; `null` only equals `null`.
fn value_matches(field: &str, value: &Value, wanted: &Value) -> bool {
    match (value, wanted) {
        (Value::String(have), Value::String(want)) if field.ends_with("Id") && have.len() == 18 => {
            (want.len() == 15 || want.len() == 18) && have.get(..15) == want.get(..15)
        }
        (Value::String(have), Value::String(want)) => have.eq_ignore_ascii_case(want),
        (have, want) => have == want,
    }
}

#[cfg(test)]
mod tests {
    use super::super::org::Org;
    use super::super::{ORG_NAME, USERNAME, USER_ID};
    use super::*;

    fn query(soql: &str) -> Result<Vec<Value>, SoqlError> {
        let org = Org::default();
        run(soql, |object| org.table(object)).map(|(_, records)| records)
    }

    #[test]
    fn the_organization_name() {
        let records = query("SELECT Name FROM Organization").unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["Name"], ORG_NAME);
        assert_eq!(records[0]["attributes"]["type"], "Organization");
    }

    #[test]
    fn filters_limits_and_case() {
        let records = query(&format!("select id, username from user where Id = '{USER_ID}'")).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["Username"], USERNAME);
        assert_eq!(query("SELECT Id FROM User WHERE IsActive = true LIMIT 1").unwrap().len(), 1);
        assert!(query("SELECT Id FROM User WHERE Username = 'nobody@acme.test'").unwrap().is_empty());
    }

    #[test]
    fn in_lists_not_null_and_nested_relationships() {
        let records =
            query("SELECT Id, Email, Profile.Name, Profile.PermissionsApiEnabled FROM User WHERE Email IN ('ANA@example.es', 'x@y.z')")
                .unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["Profile"]["Name"], "Sales User - No API");
        assert_eq!(records[0]["Profile"]["PermissionsApiEnabled"], false);
        let leads = query("SELECT Id, Email, OwnerId FROM Lead WHERE Email != null AND OwnerId != null").unwrap();
        assert_eq!(leads.len(), 270, "every 10th lead has no email");
    }

    #[test]
    fn refusals_use_salesforce_codes() {
        assert_eq!(query("SELECT Foo FROM Organization").unwrap_err().code, "INVALID_FIELD");
        assert_eq!(query("SELECT Id FROM Campaign").unwrap_err().code, "INVALID_TYPE");
        assert_eq!(query("DELETE FROM User").unwrap_err().code, "MALFORMED_QUERY");
        assert_eq!(query("SELECT Id FROM User WHERE Name LIKE 'A%'").unwrap_err().code, "MALFORMED_QUERY");
        assert_eq!(query("SELECT Id FROM User ORDER BY Name").unwrap_err().code, "MALFORMED_QUERY");
        assert_eq!(query("SELECT Id FROM User WHERE Id IN ('a'").unwrap_err().code, "MALFORMED_QUERY");
        assert_eq!(query("SELECT Name FROM Organization WHERE Name = 'x").unwrap_err().code, "MALFORMED_QUERY");
    }
}
