//! `xueshi lsp` driven through its JSON-RPC stream, as an editor drives it: initialize,
//! didOpen, publishDiagnostics, hover, definition, references, completion, symbols,
//! formatting, code actions, didChange, shutdown and exit.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// A running server and the notifications it sent so far.
struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    notifications: Vec<Value>,
}

impl Server {
    fn start(locale: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xueshi"))
            .args(["--lang", "en", "lsp"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut server = Server {
            child,
            stdin,
            stdout,
            next_id: 1,
            notifications: Vec::new(),
        };
        let init = server.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}, "locale": locale}),
        );
        assert_eq!(init["capabilities"]["hoverProvider"], true);
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "the server hung up"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result, keeping the notifications that came first.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
            self.notifications.push(message);
        }
    }

    /// The next diagnostics published (waiting for them with a round trip).
    fn diagnostics(&mut self) -> Value {
        // A request after the notification makes sure it has arrived.
        self.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "file:///none"}}),
        );
        let n = self
            .notifications
            .iter()
            .rev()
            .find(|n| n["method"] == "textDocument/publishDiagnostics")
            .expect("diagnostics were published")
            .clone();
        self.notifications.clear();
        n["params"]["diagnostics"].clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "xueshi", "version": 1, "text": text}}),
        );
    }

    fn finish(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn at(text: &str, needle: &str, nth: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).unwrap().0 + 1;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

const URI: &str = "file:///work/p.policy";

#[test]
fn diagnostics_on_open_and_change_with_a_quick_fix() {
    let broken = read("tests/policies/check/unknown-name-function.policy");
    let mut server = Server::start("en-US");
    server.open(URI, &broken);
    let diagnostics = server.diagnostics();
    assert_eq!(diagnostics.as_array().unwrap().len(), 1, "{diagnostics}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "X0201");
    assert_eq!(d["severity"], 1);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("unknown function `dayz`"),
        "{d}"
    );
    // The quick fix replaces the name by the suggestion.
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let edit = &actions[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "days");
    assert_eq!(edit["range"], d["range"]);
    assert_eq!(actions[0]["title"], "did you mean `days`?");
    // After the fix, no diagnostic.
    let fixed = broken.replacen("dayz(", "days(", 1);
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(server.diagnostics(), json!([]));
    server.finish();
}

#[test]
fn diagnostics_in_the_clients_language() {
    let broken = read("tests/policies/check/unknown-name-function.policy");
    let mut server = Server::start("zh-CN");
    server.open(URI, &broken);
    let d = server.diagnostics()[0].clone();
    assert!(d["message"].as_str().unwrap().contains("未知"), "{d}");
    server.finish();
}

#[test]
fn hover_definition_references_completion_symbols_formatting() {
    let text = read("policies/notice-2022.policy");
    let mut server = Server::start("en");
    server.open(URI, &text);
    assert_eq!(server.diagnostics(), json!([]));
    let doc = json!({"uri": URI});
    // Hover on a use of a constant: its value, unit, clause and quotation.
    let use_site = at(&text, "annual_minimum -", 0);
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": use_site}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("const annual_minimum = 90 hours"), "{value}");
    assert!(value.contains("一、1"), "{value}");
    // Definition: the declaration's name, on line 20 (0-based 19).
    let def = server.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": use_site}),
    );
    assert_eq!(def[0]["range"]["start"]["line"], 19);
    // References: every use, the declaration included.
    let refs = server.request(
        "textDocument/references",
        json!({"textDocument": doc, "position": use_site, "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let code = l.split('#').next().unwrap();
            code.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "annual_minimum")
                && !code.trim_start().starts_with("cite")
        })
        .flat_map(|(i, l)| std::iter::repeat_n(i as u64, l.matches("annual_minimum").count()))
        .collect();
    assert_eq!(lines, expected);
    // Hover on a kind: its fields.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at(&text, "conference \"", 0)}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("kind `conference`") && value.contains("level:"),
        "{value}"
    );
    // Completion: declared names, keywords, units.
    let items = server.request(
        "textDocument/completion",
        json!({"textDocument": doc, "position": {"line": 0, "character": 0}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for word in [
        "annual_minimum",
        "conference",
        "specialty",
        "hours",
        "credit",
        "requires",
        "days",
    ] {
        assert!(labels.contains(&word), "no completion `{word}`");
    }
    // Symbols: kinds with their fields.
    let symbols = server.request("textDocument/documentSymbol", json!({"textDocument": doc}));
    let conference = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "conference")
        .unwrap();
    assert!(
        conference["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "level")
    );
    // Formatting: the shipped policy is formatted; a messy one is not.
    let edits = server.request(
        "textDocument/formatting",
        json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]));
    let messy = read("tests/policies/fmt/one-line.policy");
    server.open("file:///work/messy.policy", &messy);
    let edits = server.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": "file:///work/messy.policy"}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let (file, _) = xueshi::syntax::parse_policy(&messy);
    assert_eq!(
        edits[0]["newText"],
        xueshi::syntax::format_policy(&file, &messy)
    );
    server.finish();
}

#[test]
fn errors_of_a_policy_test_file() {
    let mut server = Server::start("en");
    server.open("file:///work/cases.toml", "[[case]]\nname = 1\n");
    let diagnostics = server.diagnostics();
    assert!(!diagnostics.as_array().unwrap().is_empty());
    assert_eq!(diagnostics[0]["code"], "X0401");
    server.finish();
}

#[test]
fn expectations_of_a_policy_test_file_are_checked_against_its_policy() {
    // A test file beside the shipped policy's tests, expecting a figure the policy lacks
    // (`statsu`) and an activity amount under a key it does not use (`credits`).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/tests");
    let uri = format!("file://{dir}/lsp-check.toml");
    let cases = "policy = \"../notice-2022.policy\"\n\n[[case]]\nname = \"x\"\npurpose = \"annual\"\nyear = 2023\n[case.record]\nid = \"650102198001011234\"\nname = \"甲\"\n[case.expect]\nstatsu = \"compliant\"\n[[case.expect.activities]]\nindex = 0\ncredits = 8\n";
    let mut server = Server::start("en");
    server.open(&uri, cases);
    let diagnostics = server.diagnostics();
    let messages: Vec<&str> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("unknown expectation `statsu`"),
        "{messages:?}"
    );
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 10);
    assert!(
        messages[1].contains("unknown expectation `credits` for an activity")
            && messages[1].contains("`hours`"),
        "{messages:?}"
    );
    assert_eq!(diagnostics[1]["range"]["start"]["line"], 13);
    server.finish();
}
