//! GitLab environments: the documented calls (list/filter, get, create, update, delete, stop, stop_stale, review_apps) and their rules.

use serde_json::json;

use crate::support::*;

async fn env_id(sim: &Sim, name: &str) -> u64 {
    let r = sim
        .gl(
            "GET",
            &format!("/projects/1/environments?name={}", name.replace('/', "%2F")),
        )
        .await;
    r.array()[0]["id"].as_u64().unwrap()
}

#[tokio::test]
async fn list_filters() {
    let sim = sim();
    let all = sim.gl("GET", "/projects/1/environments").await;
    check_status(&all, 200);
    check_header(&all, "x-total", Some("11"));
    let tiers: std::collections::BTreeSet<&str> = all
        .array()
        .iter()
        .map(|e| e["tier"].as_str().unwrap())
        .collect();
    assert_eq!(tiers.len(), 5, "every tier");
    let r = sim
        .gl("GET", "/projects/1/environments?name=review%2Ffix-foo")
        .await;
    assert_eq!(r.array().len(), 1);
    assert_eq!(r.array()[0]["name"], "review/fix-foo");
    let r = sim.gl("GET", "/projects/1/environments?search=rev").await;
    assert_eq!(r.array().len(), 6);
    let r = sim.gl("GET", "/projects/1/environments?search=fix").await;
    assert_eq!(r.array().len(), 1);
    check(
        &sim.gl("GET", "/projects/1/environments?search=re").await,
        400,
        json!({"message": "400 Bad request - Search query is less than 3 characters"}),
    );
    check(
        &sim.gl("GET", "/projects/1/environments?name=qa&search=qa1")
            .await,
        400,
        json!({"error": "name, search cannot be used together"}),
    );
    for state in ["available", "stopping", "stopped"] {
        let r = sim
            .gl("GET", &format!("/projects/1/environments?states={state}"))
            .await;
        assert!(!r.array().is_empty());
        assert!(r.array().iter().all(|e| e["state"] == state));
    }
    check(
        &sim.gl("GET", "/projects/1/environments?states=gone").await,
        400,
        json!({"error": "states does not have a valid value"}),
    );
}

#[tokio::test]
async fn get_includes_last_deployment() {
    let sim = sim();
    let id = env_id(&sim, "production").await;
    let r = sim
        .gl("GET", &format!("/projects/1/environments/{id}"))
        .await;
    assert_eq!(r.body["last_deployment"]["status"], "success");
    // GitLab's single-environment answer carries no `project`, and its `last_deployment` no
    // `environment` (it is this one).
    assert!(r.body.get("project").is_none(), "{}", r.text);
    assert!(r.body["last_deployment"].get("environment").is_none());
    check(
        &sim.gl("GET", "/projects/1/environments/999999").await,
        404,
        json!({"message": "404 Not found"}),
    );
}

#[tokio::test]
async fn create_and_validation() {
    let sim = sim();
    let r = sim
        .gl_form(
            "POST",
            "/projects/1/environments",
            "name=deploy&external_url=https://deploy.gitlab.example.com",
        )
        .await;
    check_status(&r, 201);
    assert_eq!(r.body["name"], "deploy");
    assert_eq!(r.body["slug"], "deploy");
    assert_eq!(r.body["state"], "available");
    assert_eq!(r.body["tier"], "other");
    assert_eq!(r.body["external_url"], "https://deploy.gitlab.example.com");
    let p = sim.gl_json("POST", "/projects/1/environments", json!({"name": "prod-eu", "tier": "production", "description": "EU", "auto_stop_setting": "with_action"})).await;
    check_status(&p, 201);
    assert_eq!(p.body["tier"], "production");
    assert_eq!(p.body["auto_stop_setting"], "with_action");
    check(
        &sim.gl_form("POST", "/projects/1/environments", "name=deploy")
            .await,
        400,
        json!({"message": {"name": ["has already been taken"]}}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/environments",
            "external_url=https://x.test",
        )
        .await,
        400,
        json!({"error": "name is missing"}),
    );
    check(
        &sim.gl_form("POST", "/projects/1/environments", "name=bad%21name")
            .await,
        400,
        json!({"message": {"name": ["can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'"]}}),
    );
    check(
        &sim.gl_form("POST", "/projects/1/environments", "name=x1&tier=prod")
            .await,
        400,
        json!({"error": "tier does not have a valid value"}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/environments",
            "name=x2&auto_stop_setting=never",
        )
        .await,
        400,
        json!({"error": "auto_stop_setting does not have a valid value"}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/environments",
            "name=x3&external_url=javascript:alert(1)",
        )
        .await,
        400,
        json!({"message": {"external_url": ["is blocked: Only allowed schemes are http, https"]}}),
    );
}

#[tokio::test]
async fn update_keeps_the_name() {
    let sim = sim();
    let id = env_id(&sim, "qa").await;
    let r = sim
        .gl_form(
            "PUT",
            &format!("/projects/1/environments/{id}"),
            "name=staging&external_url=https://staging.gitlab.example.com&tier=staging",
        )
        .await;
    check_status(&r, 200);
    assert_eq!(r.body["name"], "qa");
    assert_eq!(r.body["external_url"], "https://staging.gitlab.example.com");
    assert_eq!(r.body["tier"], "staging");
    check(
        &sim.gl_form("PUT", "/projects/1/environments/999999", "tier=staging")
            .await,
        404,
        json!({"message": "404 Not found"}),
    );
}

#[tokio::test]
async fn delete_only_when_stopped() {
    let sim = sim();
    let live = env_id(&sim, "review/fix-foo").await;
    check(
        &sim.gl("DELETE", &format!("/projects/1/environments/{live}"))
            .await,
        403,
        json!({"message": "403 Forbidden"}),
    );
    let stopped = env_id(&sim, "review/old-banner").await;
    let r = sim
        .gl("DELETE", &format!("/projects/1/environments/{stopped}"))
        .await;
    check_status(&r, 204);
    check(
        &sim.gl("DELETE", &format!("/projects/1/environments/{stopped}"))
            .await,
        404,
        json!({"message": "404 Not found"}),
    );
}

#[tokio::test]
async fn stop_and_force() {
    let sim = sim();
    let with_action = env_id(&sim, "review/fix-foo").await;
    let r = sim
        .gl(
            "POST",
            &format!("/projects/1/environments/{with_action}/stop"),
        )
        .await;
    check_status(&r, 200);
    assert_eq!(r.body["state"], "stopping");
    let other = env_id(&sim, "review/feature-login").await;
    let r = sim
        .gl_form(
            "POST",
            &format!("/projects/1/environments/{other}/stop"),
            "force=true",
        )
        .await;
    assert_eq!(r.body["state"], "stopped");
    let plain = env_id(&sim, "qa").await;
    assert_eq!(
        sim.gl("POST", &format!("/projects/1/environments/{plain}/stop"))
            .await
            .body["state"],
        "stopped"
    );
    // stopped, then deletable
    check_status(
        &sim.gl("DELETE", &format!("/projects/1/environments/{plain}"))
            .await,
        204,
    );
}

#[tokio::test]
async fn stop_stale_range() {
    // Seeded data a year and more in the past (2025-03-04T09:00:00Z), so every environment but
    // the protected ones has been idle for more than the 8 days asked below.
    let sim = sim_with(|c| c.now = Some(1_741_078_800_000));
    let now = chrono::DateTime::from_timestamp_millis(forge_sim::store::now_ms()).unwrap();
    let fmt = |days: i64| {
        (now - chrono::Duration::days(days))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    check(
        &sim.gl("POST", "/projects/1/environments/stop_stale").await,
        400,
        json!({"error": "before is missing"}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/environments/stop_stale",
            &format!("before={}", fmt(1)),
        )
        .await,
        400,
        json!({"message": "400 Bad request - Invalid Date"}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/environments/stop_stale",
            &format!("before={}", fmt(3700)),
        )
        .await,
        400,
        json!({"message": "400 Bad request - Invalid Date"}),
    );
    let r = sim
        .gl_form(
            "POST",
            "/projects/1/environments/stop_stale",
            &format!("before={}", fmt(8)),
        )
        .await;
    check(
        &r,
        200,
        json!({"message": "Successfully requested stop for all stale environments"}),
    );
    // Protected production stays available; the unprotected, long-idle ones were asked to stop.
    let prod = sim
        .gl("GET", "/projects/1/environments?name=production")
        .await;
    assert_eq!(prod.array()[0]["state"], "available");
    let avail = sim
        .gl("GET", "/projects/1/environments?states=available")
        .await;
    assert!(avail.array().iter().all(|e| sim.state.read().projects[0]
        .protected
        .contains_key(e["name"].as_str().unwrap())));
}

#[tokio::test]
async fn review_apps_cleanup() {
    let sim = sim();
    let dry = sim
        .gl("DELETE", "/projects/1/environments/review_apps")
        .await;
    check_status(&dry, 200);
    let names: Vec<&str> = dry.body["scheduled_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["review/legacy-nav", "review/old-banner", "review/i18n-fr"],
        "stopped review apps, oldest first"
    );
    assert_eq!(dry.body["unprocessable_entries"], json!([]));
    // dry_run defaults to true: nothing changed.
    assert_eq!(
        sim.gl("DELETE", "/projects/1/environments/review_apps")
            .await
            .body,
        dry.body
    );
    let one = sim
        .gl("DELETE", "/projects/1/environments/review_apps?limit=1")
        .await;
    assert_eq!(one.body["scheduled_entries"].as_array().unwrap().len(), 1);
    check(
        &sim.gl("DELETE", "/projects/1/environments/review_apps?limit=0")
            .await,
        400,
        json!({"error": "limit does not have a valid value"}),
    );
    check(
        &sim.gl("DELETE", "/projects/1/environments/review_apps?limit=1001")
            .await,
        400,
        json!({"error": "limit does not have a valid value"}),
    );
    let before = sim
        .gl(
            "DELETE",
            "/projects/1/environments/review_apps?before=2000-01-01T00:00:00Z",
        )
        .await;
    assert_eq!(before.body["scheduled_entries"], json!([]));
    let real = sim
        .gl(
            "DELETE",
            "/projects/1/environments/review_apps?dry_run=false",
        )
        .await;
    assert_eq!(real.body["scheduled_entries"].as_array().unwrap().len(), 3);
    let again = sim
        .gl("DELETE", "/projects/1/environments/review_apps")
        .await;
    assert_eq!(
        again.body["scheduled_entries"],
        json!([]),
        "already scheduled"
    );
}
