//! `xueshi lsp`: a language server over stdio for policy files (and the errors of policy
//! test files). It is synchronous — `lsp-server` (the transport rust-analyzer uses) with
//! `lsp-types` — because every request is answered from one text in well under a millisecond
//! to a few milliseconds: checking a whole policy is fast, so there is nothing to run
//! concurrently, no async runtime to carry, and the order of answers is the order of
//! requests. Each change re-checks the document in full.
//!
//! What it answers: diagnostics on open and change (every finding of `check`, with its
//! severity, code and help, in the client's language), hover, definition, references,
//! completion, document symbols, formatting (`fmt`) and a code action for each "did you
//! mean". [`index`] finds the names; [`position`] converts places.

mod handlers;
pub(crate) mod index;
mod position;

use crate::messages::Lang;
use lsp_server::{Connection, Message, Notification, Request, Response};
use std::collections::HashMap;

/// Why the server stopped before the client said goodbye.
#[derive(Debug)]
pub struct LspError(String);

impl std::fmt::Display for LspError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LspError {}

/// The open documents and the language of messages.
pub(crate) struct State {
    /// Texts by URI.
    pub(crate) docs: HashMap<String, String>,
    /// The language of diagnostics.
    pub(crate) lang: Lang,
}

/// Serves the language server protocol on stdin and stdout until the client shuts it down.
/// `lang` is the language when the client names none (`locale`, or the initialization
/// option `{"lang": "zh"}`).
pub fn serve_stdio(lang: Lang) -> Result<(), LspError> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection, lang)?;
    drop(connection);
    io_threads.join().map_err(|e| LspError(e.to_string()))
}

fn serve(connection: &Connection, lang: Lang) -> Result<(), LspError> {
    let capabilities = serde_json::json!({
        "textDocumentSync": 1,
        "hoverProvider": true,
        "definitionProvider": true,
        "referencesProvider": true,
        "documentSymbolProvider": true,
        "documentFormattingProvider": true,
        "codeActionProvider": true,
        "completionProvider": {"triggerCharacters": []},
    });
    let params = connection
        .initialize(capabilities)
        .map_err(|e| LspError(e.to_string()))?;
    let lang = client_lang(&params).unwrap_or(lang);
    let mut state = State {
        docs: HashMap::new(),
        lang,
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| LspError(e.to_string()))?
                {
                    return Ok(());
                }
                let response = answer(&state, request);
                send(connection, Message::Response(response))?;
            }
            Message::Notification(n) => {
                for out in notified(&mut state, n) {
                    send(connection, Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, message: Message) -> Result<(), LspError> {
    connection
        .sender
        .send(message)
        .map_err(|e| LspError(e.to_string()))
}

/// The language the client asks for: `initializationOptions.lang`, else its `locale`.
fn client_lang(params: &serde_json::Value) -> Option<Lang> {
    params
        .pointer("/initializationOptions/lang")
        .and_then(|v| v.as_str())
        .and_then(Lang::parse)
        .or_else(|| {
            params
                .get("locale")
                .and_then(|v| v.as_str())
                .and_then(Lang::parse)
        })
}

/// The answer to a request (an empty result for a method the server does not know).
fn answer(state: &State, request: Request) -> Response {
    let result = handlers::request(state, &request.method, &request.params);
    match result {
        Some(value) => Response::new_ok(request.id, value),
        None => Response::new_err(
            request.id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("unknown method `{}`", request.method),
        ),
    }
}

/// What to send after a notification: the diagnostics of a document opened or changed.
fn notified(state: &mut State, n: Notification) -> Vec<Notification> {
    let uri = n
        .params
        .pointer("/textDocument/uri")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let Some(uri) = uri else {
        return Vec::new();
    };
    match n.method.as_str() {
        "textDocument/didOpen" => {
            let text = n
                .params
                .pointer("/textDocument/text")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            state.docs.insert(uri.clone(), text.to_string());
        }
        "textDocument/didChange" => {
            // Full synchronisation: the last change holds the whole text.
            let text = n
                .params
                .get("contentChanges")
                .and_then(|c| c.as_array())
                .and_then(|c| c.last())
                .and_then(|c| c.get("text"))
                .and_then(|t| t.as_str());
            if let Some(text) = text {
                state.docs.insert(uri.clone(), text.to_string());
            }
        }
        "textDocument/didClose" => {
            state.docs.remove(&uri);
            return vec![publish(&uri, Vec::new())];
        }
        _ => return Vec::new(),
    }
    let diagnostics = handlers::diagnostics(state, &uri);
    vec![publish(&uri, diagnostics)]
}

fn publish(uri: &str, diagnostics: Vec<serde_json::Value>) -> Notification {
    Notification::new(
        "textDocument/publishDiagnostics".to_string(),
        serde_json::json!({"uri": uri, "diagnostics": diagnostics}),
    )
}
