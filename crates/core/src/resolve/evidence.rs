//! Evidence beside the name: web and e-mail domains, and which of them say nothing
//! about identity (webmail, social networks, organisers' sites, hubs shared by many
//! unrelated firms).

use std::collections::HashSet;

/// Domains that never identify a firm: webmail, social networks, link shorteners,
/// site builders, and fair organisers' exhibitor catalogues.
const GENERIC_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "hotmail.com",
    "hotmail.fr",
    "hotmail.co.uk",
    "outlook.com",
    "live.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mail.ru",
    "yandex.ru",
    "bk.ru",
    "list.ru",
    "inbox.ru",
    "rambler.ru",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "aliyun.com",
    "foxmail.com",
    "naver.com",
    "daum.net",
    "hanmail.net",
    "web.de",
    "gmx.de",
    "gmx.net",
    "t-online.de",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "laposte.net",
    "sfr.fr",
    "libero.it",
    "tiscali.it",
    "virgilio.it",
    "btinternet.com",
    "bigpond.com",
    "rediffmail.com",
    "protonmail.com",
    "proton.me",
    "zoho.com",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "interia.pl",
    "onet.pl",
    "linkedin.com",
    "facebook.com",
    "twitter.com",
    "x.com",
    "youtube.com",
    "instagram.com",
    "google.com",
    "goo.gl",
    "bit.ly",
    "wix.com",
    "wixsite.com",
    "wordpress.com",
    "blogspot.com",
    "sites.google.com",
    "weebly.com",
    "squarespace.com",
    "alibaba.com",
    "made-in-china.com",
    "example.com",
];

/// The registrable domain of a website or e-mail address ("https://www.uk.thalesgroup.com/x"
/// -> "thalesgroup.com", "info@msab.se" -> "msab.se"), lowercased; `None` for text that
/// is not a host name.
pub fn registrable_domain(text: &str) -> Option<String> {
    let t = text.trim().to_ascii_lowercase();
    let host = match t.rsplit_once('@') {
        Some((_, host)) => host,
        None => {
            let t = t.split("://").nth(1).unwrap_or(&t);
            t.split(['/', '?', '#', ' ', ',', ';']).next().unwrap_or("")
        }
    };
    let host = host.split(':').next().unwrap_or("").trim_end_matches('.');
    if host.is_empty() || !host.contains('.') || host.parse::<std::net::Ipv4Addr>().is_ok() {
        return None;
    }
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return None;
    }
    psl::domain_str(host).map(str::to_string)
}

/// Whether a domain is on the built-in generic list.
pub fn is_generic_domain(domain: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| GENERIC_DOMAINS.iter().copied().collect())
        .contains(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert_eq!(
            registrable_domain("https://www.uk.thalesgroup.com/en/x?y=1").as_deref(),
            Some("thalesgroup.com")
        );
        assert_eq!(
            registrable_domain("info@msab.se").as_deref(),
            Some("msab.se")
        );
        assert_eq!(
            registrable_domain("www.bae.co.uk").as_deref(),
            Some("bae.co.uk")
        );
        assert_eq!(
            registrable_domain("WWW.CELLEBRITE.COM/").as_deref(),
            Some("cellebrite.com")
        );
        assert_eq!(registrable_domain("not a url"), None);
        assert_eq!(registrable_domain("http://10.0.0.1/"), None);
        assert_eq!(registrable_domain(""), None);
        assert!(is_generic_domain("gmail.com"));
        assert!(!is_generic_domain("msab.se"));
    }
}
