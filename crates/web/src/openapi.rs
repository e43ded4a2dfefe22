//! The OpenAPI 3.1 description of the JSON API, served at `/openapi.json` (a stable
//! path). Written by hand as data: the API is small, and a derive framework would cost
//! more compile time than the document is long. A test checks that every `/api` route
//! of the router is described here.

use serde_json::{json, Value};

fn filters() -> Value {
    json!([
        { "name": "from", "in": "query", "schema": { "type": "integer" }, "description": "First year of the window" },
        { "name": "to", "in": "query", "schema": { "type": "integer" }, "description": "Last year of the window" },
        { "name": "tiers", "in": "query", "schema": { "type": "string", "example": "high,medium" }, "description": "Counted tiers, comma-separated" },
        { "name": "region", "in": "query", "schema": { "type": "string", "example": "un_region" }, "description": "A region scheme of the methodology" },
        { "name": "adversaries", "in": "query", "schema": { "type": "string", "example": "adversaries" }, "description": "A country group of the methodology" },
        { "name": "lineage", "in": "query", "schema": { "type": "boolean" }, "description": "Count firms joined by lineage as one" }
    ])
}

fn ok(description: &str) -> Value {
    json!({
        "200": { "description": description, "content": { "application/json": { "schema": { "type": "object" } } } },
        "400": { "$ref": "#/components/responses/Error" },
        "404": { "$ref": "#/components/responses/Error" }
    })
}

fn editor(description: &str) -> Value {
    json!({
        "200": { "description": description, "content": { "application/json": { "schema": { "type": "object" } } } },
        "401": { "$ref": "#/components/responses/Error" },
        "403": { "$ref": "#/components/responses/Error" }
    })
}

/// The document, as pretty JSON.
pub fn document() -> String {
    let id = |name: &str, what: &str| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" }, "description": what });
    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Fairwatch API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The arms-fair record, its classification and the four research answers. Every answer carries dataset_sha256 and methodology_sha256.",
            "license": { "name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later" }
        },
        "paths": {
            "/api/meta": { "get": { "summary": "Hashes, counts and the methodology in force", "responses": ok("Metadata") } },
            "/api/answers": { "get": { "summary": "All four answers and the yearly series", "parameters": filters(), "responses": ok("The answers") } },
            "/api/{question}": { "get": {
                "summary": "One answer: q1, q2, q3, q4 or timeline",
                "parameters": [ { "name": "question", "in": "path", "required": true, "schema": { "type": "string", "enum": ["q1", "q2", "q3", "q4", "timeline"] } } ],
                "responses": ok("One answer with its finding metadata") } },
            "/api/companies": { "get": {
                "summary": "Flagged firms (those with a tier), filterable",
                "parameters": [
                    { "name": "tier", "in": "query", "schema": { "type": "string", "enum": ["high", "medium", "low"] } },
                    { "name": "hq", "in": "query", "schema": { "type": "string" }, "description": "ISO alpha-2 of the headquarters" },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 1000, "default": 100 } },
                    { "name": "offset", "in": "query", "schema": { "type": "integer", "default": 0 } }
                ],
                "responses": ok("A page of firms and the total") } },
            "/api/companies/{id}": { "get": { "summary": "One company: capabilities with evidence, appearances, lineage, vendor records", "parameters": [ id("id", "Company id") ], "responses": ok("The company") } },
            "/api/fairs": { "get": { "summary": "Every fair series", "responses": ok("The fairs") } },
            "/api/fairs/{key}": { "get": { "summary": "One fair series and its editions", "parameters": [ id("key", "Series key") ], "responses": ok("The fair") } },
            "/api/search": { "get": {
                "summary": "Search companies, fairs and raw exhibitor names",
                "parameters": [
                    { "name": "q", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 100, "default": 20 }, "description": "Hits per kind" }
                ],
                "responses": ok("Hits, best first within each kind") } },
            "/api/review": { "get": { "summary": "The review queue (editor token)", "security": [ { "editorToken": [] } ], "responses": editor("Pairs near the threshold") } },
            "/api/review/{id}": { "post": {
                "summary": "Decide a review pair; recorded with an audit entry, then the record is re-resolved",
                "security": [ { "editorToken": [] } ],
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } },
                    { "name": "X-Fairwatch-Editor", "in": "header", "required": true, "schema": { "type": "string" }, "description": "Who decides" }
                ],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["decision"],
                    "properties": { "decision": { "type": "string", "enum": ["merge", "keep_apart"] }, "note": { "type": "string" } } } } } },
                "responses": editor("The decision was recorded") } },
            "/api/screen": {
                "get": {
                    "summary": "Screen one name against the lists in force and the watchlist; the run is recorded",
                    "parameters": [
                        { "name": "name", "in": "query", "required": true, "schema": { "type": "string" } },
                        { "name": "country", "in": "query", "schema": { "type": "string" }, "description": "ISO code or English name" },
                        { "name": "type", "in": "query", "schema": { "type": "string", "enum": ["company", "person"] } },
                        { "name": "dob", "in": "query", "schema": { "type": "string" }, "description": "Date of birth, YYYY-MM-DD or YYYY" },
                        { "name": "id", "in": "query", "schema": { "type": "string" }, "description": "An identifier (registration, passport)" }
                    ],
                    "responses": ok("Hits with scores and explanations, the threshold, the algorithm and the lists used") },
                "post": {
                    "summary": "Screen up to 10,000 names in one request; the run is recorded",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object", "required": ["queries"],
                        "properties": { "queries": { "type": "array", "maxItems": 10000, "items": {
                            "type": "object", "required": ["name"],
                            "properties": { "name": { "type": "string" }, "country": { "type": "string" }, "type": { "type": "string", "enum": ["company", "person"] }, "dob": { "type": "string" }, "id": { "type": "string" } } } } } } } } },
                    "responses": ok("Hits per query") } },
            "/api/audit": { "get": { "summary": "The audit trail, newest first (editor token)", "security": [ { "editorToken": [] } ], "responses": editor("Audit entries") } }
        },
        "components": {
            "securitySchemes": { "editorToken": { "type": "http", "scheme": "bearer", "description": "The token `fairwatch serve --editor-token` was started with" } },
            "responses": { "Error": { "description": "An error and what to do", "content": { "application/json": { "schema": {
                "type": "object", "properties": { "error": { "type": "string" }, "hint": { "type": "string" } } } } } } }
        }
    });
    serde_json::to_string_pretty(&doc).expect("plain values") + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_api_route_is_described() {
        let doc: serde_json::Value = serde_json::from_str(&super::document()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        let source = include_str!("server.rs");
        for line in source.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix(".route(\"/api/") {
                let route = format!("/api/{}", rest.split('"').next().unwrap());
                if route == "/api/openapi.json" {
                    continue; // the document itself
                }
                assert!(paths.contains_key(&route), "{route} is not in openapi.json");
            }
        }
        assert_eq!(doc["openapi"], "3.1.0");
    }
}
