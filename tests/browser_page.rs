//! The analysts' page driven in headless Chromium through chromedriver (WebDriver, with
//! `fantoccini`): upload a CSV, check the table against the CLI's rulings, open one
//! explanation, download the XLSX.
//!
//! Runs when `chromium` and `chromedriver` are installed (Debian: `apt-get install chromium
//! chromium-driver`; `.ci/run` installs them); otherwise it says on stderr that it was
//! skipped, and under CI (`CI` set) it fails instead. With `XUESHI_SCREENSHOT=FILE` it saves
//! a screenshot of the page with its rulings and an explanation (the README's).

// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod serve_support;

use fantoccini::{ClientBuilder, Locator};
use serve_support::{Server, cli};
use std::process::{Command, Stdio};
use std::time::Duration;

fn which(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// Stops chromedriver when the test ends, however it ends.
struct Driver(std::process::Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for `condition` to hold, looking again every 100 ms, for at most a minute (a bound
/// against hanging, not a timing assertion).
async fn until<F, Fut>(what: &str, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..600 {
        if condition().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("gave up waiting for {what}");
}

#[test]
fn upload_a_csv_read_the_table_open_an_explanation_download_the_xlsx() {
    let (Some(chromium), Some(chromedriver)) = (
        which("chromium").or_else(|| which("chromium-browser")),
        which("chromedriver"),
    ) else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium and chromedriver are needed under CI (.ci/run installs them)");
        }
        eprintln!(
            "SKIPPED browser_page: chromium or chromedriver is not installed \
             (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(drive(chromium, chromedriver));
}

async fn drive(chromium: std::path::PathBuf, chromedriver: std::path::PathBuf) {
    let server = Server::start(&["--policy", "policies/notice-2022.policy"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let downloads = tempfile::tempdir().unwrap();
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=en-US"],
            "prefs": {
                "download.default_directory": downloads.path(),
                "download.prompt_for_download": false,
                "intl.accept_languages": "en-US",
            },
        }
    });
    let capabilities = match capabilities {
        serde_json::Value::Object(map) => map,
        _ => unreachable!(),
    };
    let webdriver = format!("http://127.0.0.1:{port}");
    let mut connected = None;
    for _ in 0..300 {
        let attempt = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&webdriver)
            .await;
        match attempt {
            Ok(c) => {
                connected = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let client = connected.expect("chromedriver starts a session");

    client.goto(&server.url("/")).await.unwrap();
    until("the policies to load", || async {
        client
            .find_all(Locator::Css("#purpose option"))
            .await
            .is_ok_and(|o| o.len() == 3)
    })
    .await;
    // English, the annual check of 2023.
    client
        .execute(
            "document.getElementById('lang').value = 'en';
             document.getElementById('lang').dispatchEvent(new Event('change'));
             document.getElementById('year').value = '2023';
             document.getElementById('purpose').value = 'annual';",
            vec![],
        )
        .await
        .unwrap();
    let csv = std::fs::canonicalize("examples/people.csv").unwrap();
    client
        .find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(csv.to_str().unwrap())
        .await
        .unwrap();
    client
        .find(Locator::Id("evaluate"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // The table holds one row per ruling the CLI gives, with the same statuses.
    let expected = String::from_utf8(cli(&[
        "--lang",
        "en",
        "eval",
        "--policy",
        "policies/notice-2022.policy",
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "jsonl",
        "examples/people.csv",
    ]))
    .unwrap();
    let expected: Vec<serde_json::Value> = expected
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    until("the table", || async {
        client
            .find_all(Locator::Css("#rulings tbody tr"))
            .await
            .is_ok_and(|rows| rows.len() == expected.len())
    })
    .await;
    let rows = client
        .find_all(Locator::Css("#rulings tbody tr"))
        .await
        .unwrap();
    for (row, ruling) in rows.iter().zip(&expected) {
        let text = row.text().await.unwrap();
        let status = ruling["status"].as_str().unwrap();
        let shown = if status == "invalid" {
            "invalid"
        } else {
            status
        };
        assert!(text.contains(shown), "row `{text}` should say `{shown}`");
        if let Some(name) = ruling["name"].as_str() {
            assert!(text.contains(name), "row `{text}` should name `{name}`");
        }
    }
    let counts = client
        .find(Locator::Id("counts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        counts.starts_with(&format!("{} people", expected.len())),
        "{counts}"
    );

    // One explanation, its clauses quoted.
    rows[0].click().await.unwrap();
    until("the explanation", || async {
        let text = client
            .find(Locator::Id("explanation-text"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.contains("附件3")
    })
    .await;
    let text = client
        .find(Locator::Id("explanation-text"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let name = expected[0]["name"].as_str().unwrap();
    assert!(text.starts_with(name), "{text}");
    assert!(
        text.contains("附件3 第4条 「"),
        "the notice's sentence is quoted: {text}"
    );

    if let Some(path) = std::env::var_os("XUESHI_SCREENSHOT") {
        client
            .execute("window.scrollTo(0, 0)", vec![])
            .await
            .unwrap();
        let png = client.screenshot().await.unwrap();
        std::fs::write(path, png).unwrap();
    }

    // The workbook, downloaded.
    client
        .find(Locator::Id("download-xlsx"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let book = downloads.path().join("rulings.xlsx");
    until("the download", || async { book.is_file() }).await;
    let bytes = std::fs::read(&book).unwrap();
    assert!(bytes.starts_with(b"PK"), "a workbook (a zip file)");

    client.close().await.unwrap();
}
