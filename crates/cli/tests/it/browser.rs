//! End-to-end tests in a real browser: Debian's headless Chromium driven over WebDriver
//! (chromedriver, from the `chromium-driver` package) by fantoccini. They open the
//! static report from `file://` and the live UI of `fairwatch serve`, search, open a
//! company page, check that the map and the charts rendered as SVG with the expected
//! elements, sign in as an editor and decide a review pair, and check that an
//! exhibitor name holding a `<script>` tag shows as text and never runs.
//!
//! Screenshots of the main pages are saved under `target/screenshots/`.
//!
//! Without Chromium and chromedriver these tests skip with a message, unless
//! `FAIRWATCH_REQUIRE_BROWSER` is set (as `.ci/run` sets it), when they fail instead.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::common::{copy_of_real_db, ok};

/// The hostile exhibitor name: if the page ever ran it, the title would change.
const HOSTILE: &str = "<script>document.title='pwned'</script> Intercept GmbH";

fn chromium() -> Option<(PathBuf, PathBuf)> {
    let browser = std::env::var_os("FAIRWATCH_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let driver = std::env::var_os("FAIRWATCH_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"));
    if browser.exists() && driver.exists() {
        return Some((browser, driver));
    }
    let msg = format!(
        "browser tests need Chromium at {} and chromedriver at {} (Debian: apt-get install chromium chromium-driver)",
        browser.display(),
        driver.display()
    );
    if std::env::var_os("FAIRWATCH_REQUIRE_BROWSER").is_some() {
        panic!("{msg}");
    }
    eprintln!("SKIPPED: {msg}");
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, what: &str, limit: Duration) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < limit,
            "{what} did not start listening on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A child process killed when the test ends, pass or fail.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Browser {
    client: Client,
    _driver: Killed,
    _profile: tempfile::TempDir,
}

async fn browser(chromium: &Path, chromedriver: &Path) -> Browser {
    let port = free_port();
    let driver = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Killed(driver);
    wait_for_port(port, "chromedriver", Duration::from_secs(20));
    let profile = tempfile::tempdir().unwrap();
    // The flags keep Chromium off the network (this machine's is closed) and work as
    // root in a container.
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run", "--window-size=1280,1600",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    });
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps.as_object().unwrap().clone())
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with Chromium");
    Browser {
        client,
        _driver: driver,
        _profile: profile,
    }
}

async fn js_i64(c: &Client, script: &str) -> i64 {
    c.execute(script, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap_or_else(|| panic!("not a number: {script}"))
}

async fn js_string(c: &Client, script: &str) -> String {
    c.execute(script, vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Waits for an element of the page a click leads to: a click returns before the next
/// page has loaded, and on a busy machine reading at once would read the old page.
async fn wait_for(c: &Client, css: &str) {
    if let Err(e) = c
        .wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css(css))
        .await
    {
        screenshot(c, "wait-failed").await;
        panic!("{css} did not appear ({e}); see target/screenshots/wait-failed.png");
    }
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn type_into(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn screenshot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// A private copy of the real database with one more exhibitor list: the ISS World
/// fixture plus an exhibitor whose name is a script, declaring lawful interception so
/// that it is classified and gets a company page.
fn db_with_hostile_exhibitor(dir: &Path) -> PathBuf {
    let db = copy_of_real_db(dir);
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources/tests/fixtures/exhibitor_list");
    let stem = "iss-world-europe-2019";
    let mut csv = std::fs::read_to_string(fixtures.join(format!("{stem}.csv"))).unwrap();
    csv.push_str(&format!(
        "{HOSTILE},,Germany,https://intercept.example,Lawful Interception; Mobile Forensics\n"
    ));
    let list = dir.join(format!("{stem}.csv"));
    std::fs::write(&list, csv).unwrap();
    std::fs::copy(
        fixtures.join(format!("{stem}.toml")),
        dir.join(format!("{stem}.toml")),
    )
    .unwrap();
    ok(&db, &["--quiet", "import", list.to_str().unwrap()]);
    db
}

/// Checks the front page's map and charts rendered with their expected elements.
async fn check_front_page(c: &Client) {
    let shaded = js_i64(
        c,
        "return document.querySelectorAll('svg#map-markets path.country.has-value').length",
    )
    .await;
    assert!(shaded > 10, "{shaded} shaded countries on the market map");
    let width = js_i64(
        c,
        "return Math.round(document.querySelector('svg#map-markets').getBoundingClientRect().width)",
    )
    .await;
    assert!(width > 300, "the map is {width}px wide");
    for (selector, min) in [
        ("svg#map-adversaries .country.has-value", 1),
        ("svg#chart-years rect.column", 5),
        ("svg#chart-fairs rect.bar", 5),
        ("svg#chart-hosts rect.bar", 5),
        ("svg#chart-flows path.flow", 3),
    ] {
        let n = js_i64(
            c,
            &format!("return document.querySelectorAll('{selector}').length"),
        )
        .await;
        assert!(n >= min, "{selector}: {n}");
    }
    // Every chart and map has a table behind it.
    let figures = js_i64(c, "return document.querySelectorAll('figure').length").await;
    let tables = js_i64(
        c,
        "return document.querySelectorAll('figure details table').length",
    )
    .await;
    assert_eq!(figures, tables);
}

/// Opens the hostile exhibitor's page (found in `list_url`) and checks the name is text.
async fn check_hostile_name_is_text(c: &Client, list_url: &str) {
    c.goto(list_url).await.unwrap();
    let href = js_string(
        c,
        "for (const a of document.querySelectorAll('a')) { if (a.textContent.includes(\"<script>document.title\")) return a.href; } return '';",
    )
    .await;
    assert!(
        !href.is_empty(),
        "no link shows the hostile name as text on {list_url}"
    );
    c.goto(&href).await.unwrap();
    let h1 = text_of(c, "h1").await;
    assert!(
        h1.contains("<script>document.title='pwned'</script>"),
        "{h1}"
    );
    let title = c.title().await.unwrap();
    // Had the script run, the title would be just "pwned"; as text it is the name.
    assert!(
        title.starts_with("<script>document.title="),
        "the script ran: {title}"
    );
    let scripts = js_i64(c, "return document.scripts.length").await;
    assert_eq!(scripts, 0);
}

#[test]
fn static_report_in_chromium() {
    let Some((chromium, driver)) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_hostile_exhibitor(dir.path());
    let site = dir.path().join("site");
    ok(&db, &["--quiet", "report", "--out", site.to_str().unwrap()]);
    let root = format!("file://{}", site.canonicalize().unwrap().display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let b = browser(&chromium, &driver).await;
        let c = &b.client;
        c.goto(&format!("{root}/index.html")).await.unwrap();
        check_front_page(c).await;
        screenshot(c, "report-index").await;

        // Navigation works from file://: Q4's table leads to a company page.
        c.goto(&format!("{root}/q4.html")).await.unwrap();
        screenshot(c, "report-q4").await;
        click(c, "table#firms tbody a").await;
        wait_for(c, "table#appearances").await;
        let url = c.current_url().await.unwrap();
        assert!(url.path().contains("/companies/"), "{url}");
        let rows = js_i64(
            c,
            "return document.querySelectorAll('table#appearances tbody tr').length",
        )
        .await;
        assert!(rows > 0);
        screenshot(c, "report-company").await;

        check_hostile_name_is_text(c, &format!("{root}/q1.html")).await;
        screenshot(c, "report-hostile-name").await;
        b.client.close().await.unwrap();
    });
}

#[test]
fn live_ui_in_chromium() {
    let Some((chromium, driver)) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = db_with_hostile_exhibitor(dir.path());
    let port = free_port();
    let server = Command::new(env!("CARGO_BIN_EXE_fairwatch"))
        .arg("--db")
        .arg(&db)
        .args(["--quiet", "serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("FAIRWATCH_EDITOR_TOKEN", "e2e-token")
        .env_remove("FAIRWATCH_DB")
        .stdout(Stdio::null())
        .spawn()
        .expect("fairwatch serve starts");
    let _server = Killed(server);
    wait_for_port(port, "fairwatch serve", Duration::from_secs(180));
    let base = format!("http://127.0.0.1:{port}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let b = browser(&chromium, &driver).await;
        let c = &b.client;
        c.goto(&format!("{base}/")).await.unwrap();
        check_front_page(c).await;
        screenshot(c, "live-index").await;

        // Search from the header box, then open the first company.
        // Under a loaded CI machine the page may still be settling: wait until the search
        // box is there, and give the results page time.
        c.wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css("#site-q"))
            .await
            .unwrap();
        type_into(c, "#site-q", "hacking team").await;
        click(c, "header form.search button").await;
        if let Err(e) = c
            .wait()
            .at_most(Duration::from_secs(90))
            .for_element(Locator::Css("#result-count"))
            .await
        {
            screenshot(c, "live-search-failed").await;
            panic!("no search results page ({e}); see target/screenshots/live-search-failed.png");
        }
        screenshot(c, "live-search").await;
        click(c, "ul.hits[data-kind=company] a").await;
        wait_for(c, "table#appearances").await;
        let h1 = text_of(c, "h1").await;
        assert!(h1.to_lowercase().contains("hacking"), "{h1}");
        screenshot(c, "live-company").await;

        // Filters change the window the answers are for.
        c.goto(&format!("{base}/q1.html?from=2012&to=2021"))
            .await
            .unwrap();
        let scope = text_of(c, "p.scope").await;
        assert!(scope.contains("2012–2021"), "{scope}");

        // The hostile name, found by search, is text.
        check_hostile_name_is_text(c, &format!("{base}/search?q=intercept+gmbh")).await;

        // An editor signs in and decides the first pair; the audit trail shows it.
        c.goto(&format!("{base}/login")).await.unwrap();
        type_into(c, "input[name=who]", "e2e tester").await;
        type_into(c, "input[name=token]", "e2e-token").await;
        click(c, "main form button").await;
        wait_for(c, "form.logout").await;
        let signed = text_of(c, "main").await;
        assert!(signed.contains("Signed in as e2e tester"), "{signed}");
        let pairs_before =
            js_i64(c, "return document.querySelectorAll('article.pair').length").await;
        assert!(pairs_before > 0);
        screenshot(c, "live-review").await;
        click(c, "article.pair button[value=keep_apart]").await;
        c.wait()
            .at_most(Duration::from_secs(600))
            .for_element(Locator::Css("p.notice"))
            .await
            .unwrap();
        let trail = text_of(c, "table#audit").await;
        assert!(trail.contains("review.keep_apart"), "{trail}");
        assert!(trail.contains("e2e tester"), "{trail}");
        b.client.close().await.unwrap();
    });
}
