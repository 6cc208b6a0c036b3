//! The small page the browser tab shows after Salesforce redirects to the loopback listener: plain HTML,
//! in the app's language, no scripts, no external resources, nothing cached, no referrer (the address
//! holds the code). Any text from Salesforce is escaped.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AuthError;
use crate::i18n::Language;
use crate::texts::auth_page as text;

/// The answer to the browser for a finished sign-in (or for a request that is not one).
pub(crate) fn outcome_page(language: Language, outcome: &Result<(), AuthError>) -> Response {
    match outcome {
        Ok(()) => page(StatusCode::OK, language, title(language, true), success(language), None),
        Err(error) => {
            let status = match error {
                AuthError::StateMismatch | AuthError::InvalidRedirect(_) => StatusCode::BAD_REQUEST,
                AuthError::AlreadyFinished => StatusCode::CONFLICT,
                _ => StatusCode::OK,
            };
            page(status, language, title(language, false), failure(language), Some(reason(language, error)))
        }
    }
}

/// `GET {callback}` without any answer in it.
pub(crate) fn waiting_page(language: Language) -> Response {
    page(StatusCode::BAD_REQUEST, language, "MSI Actions Setup", text::WAITING.pick(language), None)
}

/// `GET {callback}` with an answer that is not this sign-in's (wrong or missing `state`): a link from
/// elsewhere, refused without ending the sign-in.
pub(crate) fn foreign_request_page(language: Language) -> Response {
    page(StatusCode::BAD_REQUEST, language, text::FOREIGN_TITLE.pick(language), text::FOREIGN_TEXT.pick(language), None)
}

pub(crate) fn not_found() -> Response {
    let mut response = (StatusCode::NOT_FOUND, "Not found").into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn title(language: Language, ok: bool) -> &'static str {
    if ok { text::SIGNED_IN_TITLE } else { text::NOT_SIGNED_IN_TITLE }.pick(language)
}

fn success(language: Language) -> &'static str {
    text::SIGNED_IN_TEXT.pick(language)
}

fn failure(language: Language) -> &'static str {
    text::NOT_SIGNED_IN_TEXT.pick(language)
}

/// One short line per error, in the page's language (the app window gives the full guidance).
fn reason(language: Language, error: &AuthError) -> String {
    let line = match error {
        AuthError::AccessDenied { .. } => text::ACCESS_DENIED,
        AuthError::StateMismatch => text::STATE_MISMATCH,
        AuthError::AlreadyFinished => text::ALREADY_FINISHED,
        AuthError::CodeRejected { .. } => text::CODE_REJECTED,
        AuthError::Network(_) => text::UNREACHABLE,
        _ => text::NOT_COMPLETED,
    };
    format!("{} ({})", line.pick(language), error.code())
}

fn page(status: StatusCode, language: Language, title: &str, text: &str, reason: Option<String>) -> Response {
    let reason = reason.map(|r| format!("<p><strong>{}</strong></p>", escape(&r))).unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"viewport\" content=\"width=device-width\"></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem\">\
         <h1 style=\"font-size:1.4rem\">{title}</h1>{reason}<p>{text}</p></body></html>",
        lang = language.as_str(),
        title = escape(title),
        text = escape(text),
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    response
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn reasons_are_localised_and_carry_the_code() {
        let err = AuthError::AccessDenied { description: "<script>".into() };
        assert_eq!(reason(Language::Es, &err), "Se denegó el acceso a la aplicación. (access_denied)");
        assert_eq!(reason(Language::En, &AuthError::TimedOut), "Salesforce did not complete the sign-in. (timed_out)");
    }
}
