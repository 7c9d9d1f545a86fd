//! `xueshi serve` over a real socket: the built binary on a free loopback port, asked what
//! an HR system and the page ask. Its answers are the CLI's, byte for byte, where the CLI
//! gives the same thing.

// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod serve_support;

use serve_support::{Server, cli, get, post};
use std::io::{Read, Write};

const POLICY: &str = "policies/notice-2022.policy";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn server() -> Server {
    Server::start(&["--policy", POLICY])
}

fn mixed() -> Vec<u8> {
    std::fs::read("tests/fixtures/mixed.jsonl").expect("the fixture")
}

#[test]
fn eval_json_is_the_cli_json_byte_for_byte() {
    let s = server();
    let url = s.url("/v1/eval?purpose=annual&year=2023&lang=en&name=tests/fixtures/mixed.jsonl");
    let a = post(&url, "application/x-ndjson", &[], &mixed());
    assert_eq!(a.status, 200);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(a.header("x-xueshi-records"), Some("6"));
    let expected = cli(&[
        "--lang",
        "en",
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "json",
        "tests/fixtures/mixed.jsonl",
    ]);
    assert_eq!(a.text(), String::from_utf8(expected).unwrap());
}

#[test]
fn eval_jsonl_streams_the_cli_jsonl_and_csv_is_the_cli_csv() {
    let s = server();
    let url = s.url(
        "/v1/eval?purpose=title_review&year=2024&lang=zh&redact=true&name=tests/fixtures/mixed.jsonl",
    );
    let a = post(
        &url,
        "application/x-ndjson",
        &[("Accept", "application/x-ndjson")],
        &mixed(),
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.content_type, "application/x-ndjson");
    let expected = cli(&[
        "--lang",
        "zh",
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        "title_review",
        "--year",
        "2024",
        "--redact",
        "--format",
        "jsonl",
        "tests/fixtures/mixed.jsonl",
    ]);
    assert_eq!(a.text(), String::from_utf8(expected).unwrap());

    let csv = std::fs::read("examples/people.csv").unwrap();
    let url = s.url("/v1/eval?purpose=annual&year=2023&lang=en&name=examples/people.csv");
    let a = post(&url, "text/csv", &[("Accept", "text/csv")], &csv);
    assert_eq!(a.status, 200);
    assert!(a.content_type.starts_with("text/csv"), "{}", a.content_type);
    let expected = cli(&[
        "--lang",
        "en",
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "csv",
        "examples/people.csv",
    ]);
    assert_eq!(a.text(), String::from_utf8(expected).unwrap());
}

#[test]
fn xlsx_in_gives_the_rulings_of_the_same_records_in_csv_and_xlsx_out_is_a_workbook() {
    let s = server();
    let book = std::fs::read("examples/people.xlsx").unwrap();
    let url = s.url("/v1/eval?purpose=annual&year=2023&lang=en&name=examples/people.xlsx");
    let a = post(&url, XLSX, &[("Accept", "application/x-ndjson")], &book);
    assert_eq!(a.status, 200);
    let expected = cli(&[
        "--lang",
        "en",
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "jsonl",
        "examples/people.xlsx",
    ]);
    assert_eq!(a.text(), String::from_utf8(expected).unwrap());

    let a = post(&url, XLSX, &[("Accept", XLSX)], &book);
    assert_eq!(a.status, 200);
    assert_eq!(a.content_type, XLSX);
    assert!(a.body.starts_with(b"PK"), "a zip file");
    assert!(
        a.header("content-disposition")
            .unwrap()
            .contains("rulings.xlsx")
    );
}

#[test]
fn a_json_object_carries_the_parameters_beside_its_records_and_keeps_their_lines() {
    let s = server();
    let body = "{\"purpose\": \"annual\", \"year\": 2023, \"lang\": \"en\",\n \"records\": [\n  {\"id\": \"11010519491231002X\", \"name\": \"张三\", \"extra\": 1}\n]}";
    let a = post(&s.url("/v1/eval"), "application/json", &[], body.as_bytes());
    assert_eq!(a.status, 200);
    let v = a.json();
    let error = &v[0]["errors"][0];
    assert_eq!(v[0]["status"], "invalid");
    assert_eq!(error["path"], "extra");
    // Line 3 of the body, the column of `extra` there, as the CLI gives for a file with
    // these lines.
    assert_eq!(error["line"], 3);
    assert_eq!(error["column"], 47);
}

#[test]
fn bad_requests_get_json_errors_with_the_clis_words() {
    let s = server();
    // Path, Content-Type, headers, status, code, message.
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [(&'a str, &'a str)],
        u16,
        &'a str,
        &'a str,
    );
    let cases: &[Case] = &[
        (
            "/v1/eval?purpose=annul&year=2023",
            "application/x-ndjson",
            &[],
            400,
            "policy",
            "the policy has no purpose `annul`; it declares `annual`, `title_review` and `promotion`; did you mean `annual`?",
        ),
        (
            "/v1/eval?purpose=annual",
            "application/x-ndjson",
            &[],
            400,
            "missing-parameter",
            "the parameter `year` is required (in the query or the JSON body)",
        ),
        (
            "/v1/eval?purpose=annual&year=20230",
            "application/x-ndjson",
            &[],
            400,
            "bad-parameter",
            "the parameter `year` cannot be `20230`: a year from 1 to 9999 is expected",
        ),
        (
            "/v1/eval?purpose=annual&year=2023",
            "text/plain",
            &[],
            415,
            "unsupported-media-type",
            "cannot read a body of type `text/plain`: send `application/json`, `application/x-ndjson`, `text/csv`, `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` or `application/toml`",
        ),
        (
            "/v1/eval?purpose=annual&year=2023",
            "application/x-ndjson",
            &[("Accept", "image/png")],
            406,
            "not-acceptable",
            "cannot answer in `image/png`: ask for `application/json`, `application/x-ndjson`, `text/csv` or `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`",
        ),
        (
            "/v1/eval?policy=other&purpose=annual&year=2023",
            "application/x-ndjson",
            &[],
            400,
            "unknown-policy",
            "no policy `other` is served; the server serves `notice-2022`",
        ),
        (
            "/v1/eval?purpose=annual&year=2023&as_of=2020-01-01",
            "application/x-ndjson",
            &[],
            400,
            "policy",
            "`policies/notice-2022.policy` takes effect on 2022-07-01, after the date asked for (--as-of 2020-01-01)",
        ),
        (
            "/v1/nothing",
            "application/x-ndjson",
            &[],
            404,
            "not-found",
            "no such endpoint `/v1/nothing`; see /v1/openapi.json",
        ),
    ];
    for (path, ty, headers, status, code, message) in cases {
        let a = post(&s.url(path), ty, headers, b"{}\n");
        assert_eq!(a.status, *status, "{path}: {}", a.text());
        assert_eq!(a.content_type, "application/json", "{path}");
        let v = a.json();
        assert_eq!(v["error"]["code"], *code, "{path}");
        assert_eq!(v["error"]["message"], *message, "{path}");
    }
    // A CSV whose header names a column the policy has not.
    let a = post(
        &s.url("/v1/eval?purpose=annual&year=2023&lang=zh"),
        "text/csv",
        &[],
        b"id,name,colour\n1,2,3\n",
    );
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["code"], "unreadable-records");
    assert!(
        a.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("无法读取记录：`body.csv`: ")
    );
}

#[test]
fn limits_give_413_and_a_stalled_body_503() {
    let s = Server::start(&[
        "--policy",
        POLICY,
        "--max-body-bytes",
        "2000",
        "--max-records",
        "3",
        "--request-timeout",
        "1",
    ]);
    let url = s.url("/v1/eval?purpose=annual&year=2023");
    let big = vec![b' '; 2001];
    let a = post(&url, "application/x-ndjson", &[], &big);
    assert_eq!(a.status, 413);
    assert_eq!(a.json()["error"]["code"], "body-too-large");
    let four = "{}\n{}\n{}\n{}\n";
    let a = post(&url, "application/x-ndjson", &[], four.as_bytes());
    assert_eq!(a.status, 413);
    assert_eq!(
        a.json()["error"]["message"],
        "the request holds more than 3 records (--max-records); send them in smaller batches"
    );
    let three = "{}\n{}\n{}\n";
    assert_eq!(
        post(&url, "application/x-ndjson", &[], three.as_bytes()).status,
        200
    );

    // A body announced but never sent: the request times out, with a JSON 503.
    let mut stream = std::net::TcpStream::connect(&s.addr).unwrap();
    write!(
        stream,
        "POST /v1/eval?purpose=annual&year=2023 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100\r\n\r\n{{}}"
    )
    .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).unwrap();
        answer.extend_from_slice(&buf[..n]);
        if n == 0 || String::from_utf8_lossy(&answer).contains("}}") {
            break;
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
}

#[test]
fn explain_gives_data_text_and_the_form() {
    let s = server();
    let record = std::fs::read("examples/shortfall.toml").unwrap();
    let a = post(
        &s.url("/v1/explain?purpose=annual&year=2023&lang=en&name=examples/shortfall.toml"),
        "application/toml",
        &[],
        &record,
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    let e = &v["explanations"][0];
    assert_eq!(e["ruling"]["status"], "shortfall");
    let expected = cli(&[
        "--lang",
        "en",
        "--color",
        "never",
        "explain",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "examples/shortfall.toml",
    ]);
    assert_eq!(e["text"], String::from_utf8(expected).unwrap());
    assert!(
        e["form"]["text"].as_str().unwrap().contains("还需完成"),
        "{}",
        e["form"]
    );

    let a = post(
        &s.url("/v1/explain?purpose=annual&year=2023&id=000000000000000000"),
        "application/toml",
        &[],
        &record,
    );
    assert_eq!(a.status, 404);
    assert_eq!(a.json()["error"]["code"], "no-record-with-id");
}

#[test]
fn policies_check_health_metrics_and_the_openapi_document() {
    let s = server();
    let v = get(&s.url("/v1/policies")).json();
    let p = &v["policies"][0];
    assert_eq!(p["id"], "notice-2022");
    let r = &p["revisions"][0];
    assert_eq!(r["version"], "1.0.0");
    assert_eq!(r["effective"], "2022-07-01");
    assert_eq!(r["sha256"].as_str().unwrap().len(), 64);
    let purposes: Vec<&str> = r["purposes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(purposes, ["annual", "title_review", "promotion"]);
    assert!(
        r["csv_columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "entry")
    );
    assert_eq!(r["person"]["fields"][0]["type"], "resident_id");

    let broken = std::fs::read("tests/policies/check/unknown-name-field.policy").unwrap();
    let a = post(
        &s.url("/v1/check?lang=en&name=unknown-name-field.policy"),
        "text/plain",
        &[],
        &broken,
    );
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["valid"], false);
    assert_eq!(v["summary"], "`unknown-name-field.policy` has 1 error");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "check::unknown-name");
    assert_eq!(d["message"], "unknown field `begin`");
    assert_eq!(d["labels"][0]["line"], 19);
    // Columns count characters, as a record error's do, in the drawing too.
    assert_eq!(d["labels"][0]["column"], 44);
    assert!(
        d["rendered"]
            .as_str()
            .unwrap()
            .contains("unknown-name-field.policy:19:44")
    );
    let good = std::fs::read(POLICY).unwrap();
    assert_eq!(
        post(&s.url("/v1/check"), "text/plain", &[], &good).json()["valid"],
        true
    );

    assert_eq!(get(&s.url("/healthz")).json()["status"], "ok");

    let a = post(
        &s.url("/v1/eval?purpose=annual&year=2023"),
        "application/x-ndjson",
        &[],
        &mixed(),
    );
    assert_eq!(a.status, 200);
    let m = get(&s.url("/metrics")).text();
    assert!(
        m.contains(
            "xueshi_rulings_total{policy=\"notice-2022\",purpose=\"annual\",status=\"compliant\"} 2"
        ),
        "{m}"
    );
    assert!(
        m.contains(
            "xueshi_rulings_total{policy=\"notice-2022\",purpose=\"annual\",status=\"invalid\"} 2"
        ),
        "{m}"
    );
    assert!(m.contains("xueshi_records_total 6"), "{m}");
    assert!(
        m.contains(
            "xueshi_http_requests_total{route=\"/v1/eval\",method=\"POST\",status=\"200\"} 1"
        ),
        "{m}"
    );
    assert!(
        m.contains("xueshi_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/v1/eval\"} 1"),
        "{m}"
    );

    // The document describes exactly the routes served.
    let doc = get(&s.url("/v1/openapi.json")).json();
    let mut described: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    described.sort();
    let mut routes: Vec<(String, String)> = xueshi::serve::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    routes.sort();
    assert_eq!(described, routes);
    for (method, path) in &routes {
        if method == "GET" {
            assert_eq!(get(&s.url(path)).status, 200, "{path}");
        }
    }
}

#[test]
fn access_log_leaves_ids_out_unless_asked() {
    let s = server();
    let id = "11010519491231002X";
    let a = post(
        &s.url(&format!("/v1/explain?purpose=annual&year=2023&id={id}")),
        "application/x-ndjson",
        &[],
        &mixed(),
    );
    assert_eq!(a.status, 200);
    let line = s.wait_log("/v1/explain");
    assert!(line.contains("status=200"), "{line}");
    assert!(!line.contains(id), "{line}");

    let s = Server::start(&["--policy", POLICY, "--log-ids"]);
    post(
        &s.url(&format!("/v1/explain?purpose=annual&year=2023&id={id}")),
        "application/x-ndjson",
        &[],
        &mixed(),
    );
    assert!(s.wait_log("/v1/explain").contains(id));
}

#[test]
fn a_broken_new_policy_keeps_the_old_one_and_a_good_one_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.policy");
    let text = std::fs::read_to_string(POLICY).unwrap();
    std::fs::write(&path, &text).unwrap();
    let s = Server::start(&["--policy", path.to_str().unwrap(), "--watch-interval", "0"]);
    let version = |s: &Server| {
        get(&s.url("/v1/policies")).json()["policies"][0]["revisions"][0]["version"].clone()
    };
    assert_eq!(version(&s), "1.0.0");

    std::fs::write(
        &path,
        text.replace("version \"1.0.0\"", "version \"1.0.1\"\n  nonsense"),
    )
    .unwrap();
    s.signal("-HUP");
    let line = s.wait_log("cannot be used");
    assert!(
        line.contains("still serving the previous version"),
        "{line}"
    );
    assert_eq!(version(&s), "1.0.0");
    let v = get(&s.url("/v1/policies")).json();
    assert!(
        v["policies"][0]["reload_error"]
            .as_str()
            .unwrap()
            .contains("mine.policy")
    );
    let a = post(
        &s.url("/v1/eval?purpose=annual&year=2023"),
        "application/x-ndjson",
        &[],
        &mixed(),
    );
    assert_eq!(a.status, 200);

    std::fs::write(
        &path,
        text.replace("version \"1.0.0\"", "version \"1.0.1\""),
    )
    .unwrap();
    s.signal("-HUP");
    s.wait_log("reloaded");
    assert_eq!(version(&s), "1.0.1");
    assert!(get(&s.url("/v1/policies")).json()["policies"][0]["reload_error"].is_null());
}

#[test]
fn sigterm_lets_the_server_finish_and_exit_cleanly() {
    let mut s = server();
    assert_eq!(get(&s.url("/healthz")).status, 200);
    s.signal("-TERM");
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn an_evaluation_over_the_concurrency_limit_gets_429_and_a_slot_freed_serves_again() {
    let s = Server::start(&["--policy", POLICY, "--max-concurrent", "1"]);
    let path = "/v1/eval?purpose=annual&year=2023";
    // A JSONL answer far larger than the socket buffers: while its client reads nothing, the
    // evaluation waits to write and keeps the only slot.
    let people = std::fs::read("examples/people.jsonl").unwrap();
    let mut body = Vec::new();
    while body.len() < 16 << 20 {
        body.extend_from_slice(&people);
    }
    let mut holder = std::net::TcpStream::connect(&s.addr).unwrap();
    write!(
        holder,
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nAccept: application/x-ndjson\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    holder.write_all(&body).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(holder.read(&mut byte).unwrap(), 1, "the answer's head");
        head.push(byte[0]);
    }
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );

    let a = post(&s.url(path), "application/x-ndjson", &[], &mixed());
    assert_eq!(a.status, 429, "{}", a.text());
    assert_eq!(a.json()["error"]["code"], "busy");
    assert_eq!(a.header("retry-after"), Some("1"));

    // The client goes away: the evaluation stops, the slot is free again.
    drop(holder);
    let mut status = 0;
    for _ in 0..100 {
        status = post(&s.url(path), "application/x-ndjson", &[], &mixed()).status;
        if status == 200 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(status, 200);
}
