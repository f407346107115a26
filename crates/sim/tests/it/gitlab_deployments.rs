//! GitLab deployments: the documented calls (list with each filter, get, create, update, delete, merge requests) and every rule.

use serde_json::{json, Value};

use crate::support::*;

fn bad(text: &str) -> Value {
    json!({ "message": format!("400 Bad request - {text}") })
}

fn ids(r: &Resp) -> Vec<u64> {
    r.array()
        .iter()
        .map(|d| d["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn list_defaults_and_pagination_headers() {
    let sim = sim();
    let r = sim.gl("GET", "/projects/1/deployments").await;
    check_status(&r, 200);
    assert_eq!(r.array().len(), 20);
    check_header(&r, "x-page", Some("1"));
    check_header(&r, "x-per-page", Some("20"));
    check_header(&r, "x-next-page", Some("2"));
    check_header(&r, "x-prev-page", Some(""));
    check_header(&r, "x-total", Some("240"));
    check_header(&r, "x-total-pages", Some("12"));
    let link = r.header("link").unwrap();
    assert!(
        link.contains("rel=\"next\"")
            && link.contains("rel=\"first\"")
            && link.contains("rel=\"last\"")
    );
    assert!(!link.contains("rel=\"prev\""));
    assert!(
        link.contains("page=12&per_page=20>; rel=\"last\""),
        "{link}"
    );
    let v = ids(&r);
    assert!(
        v.windows(2).all(|w| w[0] < w[1]),
        "ascending by id by default"
    );

    let last = sim.gl("GET", "/projects/1/deployments?page=12").await;
    check_header(&last, "x-next-page", Some(""));
    check_header(&last, "x-prev-page", Some("11"));
    assert!(last.header("link").unwrap().contains("rel=\"prev\""));
    let past = sim.gl("GET", "/projects/1/deployments?page=99").await;
    assert!(past.array().is_empty());
    check_header(&past, "x-total-pages", Some("12"));
}

#[tokio::test]
async fn per_page_is_clamped_at_100() {
    let sim = sim();
    let r = sim.gl("GET", "/projects/1/deployments?per_page=500").await;
    assert_eq!(r.array().len(), 100);
    check_header(&r, "x-per-page", Some("100"));
    check(
        &sim.gl("GET", "/projects/1/deployments?page=abc").await,
        400,
        json!({"error": "page is invalid"}),
    );
}

#[tokio::test]
async fn empty_list_still_has_one_page() {
    let sim = sim();
    let r = sim
        .gl("GET", "/projects/1/deployments?environment=nowhere")
        .await;
    check(&r, 200, json!([]));
    check_header(&r, "x-total", Some("0"));
    check_header(&r, "x-total-pages", Some("1"));
}

#[tokio::test]
async fn more_than_10000_records_drop_the_totals() {
    let sim = sim_with(|c| {
        c.projects = 1;
        c.deployments = 10_001;
    });
    let r = sim
        .gl("GET", "/projects/1/deployments?per_page=100&page=3")
        .await;
    check_status(&r, 200);
    check_header(&r, "x-total", None);
    check_header(&r, "x-total-pages", None);
    check_header(&r, "x-next-page", Some("4"));
    let link = r.header("link").unwrap();
    assert!(
        !link.contains("rel=\"last\"") && link.contains("rel=\"next\""),
        "{link}"
    );
    let small = sim_with(|c| {
        c.projects = 1;
        c.deployments = 10_000;
    });
    check_header(
        &small.gl("GET", "/projects/1/deployments").await,
        "x-total",
        Some("10000"),
    );
}

#[tokio::test]
async fn project_by_id_or_encoded_path() {
    let sim = sim();
    let a = sim.gl("GET", "/projects/1/deployments").await;
    let b = sim
        .gl("GET", "/projects/acme%2Fplatform%2Fweb/deployments")
        .await;
    assert_eq!(a.body, b.body);
    check(
        &sim.gl("GET", "/projects/999/deployments").await,
        404,
        json!({"message": "404 Project Not Found"}),
    );
    check(
        &sim.gl("GET", "/projects/acme%2Fnope/deployments").await,
        404,
        json!({"message": "404 Project Not Found"}),
    );
    check(
        &sim.gl("GET", "/projects/1/deployments/999999").await,
        404,
        json!({"message": "404 Not found"}),
    );
    check(
        &sim.gl("GET", "/projects/1/deployments/abc").await,
        400,
        json!({"error": "deployment_id is invalid"}),
    );
    let p = sim.gl("GET", "/projects/acme%2Fplatform%2Fweb").await;
    assert_eq!(p.body["id"], 1);
}

#[tokio::test]
async fn filters_environment_and_status() {
    let sim = sim();
    let r = sim
        .gl(
            "GET",
            "/projects/1/deployments?environment=production&per_page=100",
        )
        .await;
    assert!(!r.array().is_empty());
    assert!(r
        .array()
        .iter()
        .all(|d| d["environment"]["name"] == "production"));
    for status in [
        "created", "running", "success", "failed", "canceled", "skipped", "blocked",
    ] {
        let r = sim
            .gl(
                "GET",
                &format!("/projects/1/deployments?status={status}&per_page=100"),
            )
            .await;
        check_status(&r, 200);
        assert!(!r.array().is_empty(), "seed has {status}");
        assert!(r.array().iter().all(|d| d["status"] == status));
    }
    check(
        &sim.gl("GET", "/projects/1/deployments?status=done").await,
        400,
        json!({"error": "status does not have a valid value"}),
    );
    check(
        &sim.gl("GET", "/projects/1/deployments?order_by=ref").await,
        400,
        json!({"error": "order_by does not have a valid value"}),
    );
    check(
        &sim.gl("GET", "/projects/1/deployments?sort=up").await,
        400,
        json!({"error": "sort does not have a valid value"}),
    );
    check(
        &sim.gl(
            "GET",
            "/projects/1/deployments?order_by=updated_at&updated_after=yesterday",
        )
        .await,
        400,
        json!({"error": "updated_after is invalid"}),
    );
}

#[tokio::test]
async fn order_and_sort() {
    let sim = sim();
    let desc = sim.gl("GET", "/projects/1/deployments?sort=desc").await;
    let v = ids(&desc);
    assert!(v.windows(2).all(|w| w[0] > w[1]));
    assert_eq!(v[0], 240);
    for key in ["iid", "created_at"] {
        assert_eq!(
            ids(&sim
                .gl(
                    "GET",
                    &format!("/projects/1/deployments?order_by={key}&sort=desc")
                )
                .await),
            v
        );
    }
    let r = sim
        .gl(
            "GET",
            "/projects/1/deployments?order_by=updated_at&sort=desc&per_page=100",
        )
        .await;
    let times: Vec<String> = r
        .array()
        .iter()
        .map(|d| d["updated_at"].as_str().unwrap().to_string())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "updated_at descending"
    );
    let r = sim
        .gl(
            "GET",
            "/projects/1/deployments?order_by=finished_at&status=success&per_page=100",
        )
        .await;
    check_status(&r, 200);
    let fin: Vec<String> = r
        .array()
        .iter()
        .map(|d| {
            d["deployable"]["finished_at"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect();
    assert!(
        fin.windows(2).all(|w| w[0] <= w[1]),
        "finished_at ascending"
    );
}

#[tokio::test]
async fn the_five_filter_rules() {
    let sim = sim();
    let t = "2025-01-01T00:00:00Z";
    check(
        &sim.gl(
            "GET",
            &format!(
                "/projects/1/deployments?updated_after={t}&finished_after={t}&order_by=updated_at"
            ),
        )
        .await,
        400,
        bad("Both `updated_at` filter and `finished_at` filter can not be specified"),
    );
    check(
        &sim.gl(
            "GET",
            &format!("/projects/1/deployments?updated_before={t}"),
        )
        .await,
        400,
        bad("`updated_at` filter requires `updated_at` sort"),
    );
    check(
        &sim.gl(
            "GET",
            &format!("/projects/1/deployments?finished_after={t}&status=success"),
        )
        .await,
        400,
        bad("`finished_at` filter requires `finished_at` sort."),
    );
    check(
        &sim.gl("GET", "/projects/1/deployments?order_by=finished_at").await,
        400,
        bad("`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses."),
    );
    check(
        &sim.gl("GET", "/projects/1/deployments?order_by=finished_at&status=running").await,
        400,
        bad("`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses."),
    );
    check(
        &sim.gl(
            "GET",
            &format!(
                "/projects/1/deployments?finished_after={t}&order_by=finished_at&status=failed"
            ),
        )
        .await,
        400,
        bad("`finished_at` filter must be combined with `success` status filter."),
    );
    // And the allowed combinations.
    let ok = sim
        .gl(
            "GET",
            "/projects/1/deployments?updated_after=2000-01-01T00:00:00Z&order_by=updated_at",
        )
        .await;
    check_status(&ok, 200);
    check_header(&ok, "x-total", Some("240"));
    let none = sim
        .gl(
            "GET",
            "/projects/1/deployments?updated_after=2100-01-01T00:00:00Z&order_by=updated_at",
        )
        .await;
    check(&none, 200, json!([]));
    let fin = sim.gl("GET", "/projects/1/deployments?finished_before=2100-01-01T00:00:00Z&order_by=finished_at&status=success&per_page=100").await;
    check_status(&fin, 200);
    assert!(fin.array().iter().all(|d| d["status"] == "success"));
}

async fn known_sha(sim: &Sim) -> String {
    sim.state.read().projects[0].commits[3].sha.clone()
}

#[tokio::test]
async fn create_as_documented_form_and_json() {
    let sim = sim();
    let sha = known_sha(&sim).await;
    let r = sim
        .gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=production&sha={sha}&ref=main&tag=false&status=success"),
        )
        .await;
    check_status(&r, 201);
    assert_eq!(r.body["status"], "success");
    assert_eq!(r.body["sha"], sha.as_str());
    assert_eq!(r.body["ref"], "main");
    assert_eq!(r.body["iid"], 241);
    assert!(r.body["deployable"].is_null());
    assert_eq!(r.body["user"]["username"], "demo");
    assert_eq!(r.body["environment"]["name"], "production");
    // It is now the environment's current deployment and shows in the list.
    let id = r.body["id"].as_u64().unwrap();
    let list = sim
        .gl("GET", "/projects/1/deployments?sort=desc&per_page=1")
        .await;
    assert_eq!(ids(&list), vec![id]);
    // JSON bodies and query-string parameters work too; a new environment is created by name.
    let j = sim.gl_json("POST", "/projects/1/deployments", json!({"environment": "perf", "sha": sha, "ref": "v1.0.1", "tag": true, "status": "running"})).await;
    check_status(&j, 201);
    let envs = sim.gl("GET", "/projects/1/environments?name=perf").await;
    assert_eq!(envs.array().len(), 1);
    let q = sim.gl("POST", &format!("/projects/1/deployments?environment=perf&sha={sha}&ref=main&tag=false&status=failed")).await;
    check_status(&q, 201);
}

#[tokio::test]
async fn create_validation() {
    let sim = sim();
    let sha = known_sha(&sim).await;
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("sha={sha}&ref=main&tag=false&status=success"),
        )
        .await,
        400,
        json!({"error": "environment is missing"}),
    );
    check(
        &sim.gl_form("POST", "/projects/1/deployments", "ref=main")
            .await,
        400,
        json!({"error": "environment is missing, sha is missing, tag is missing, status is missing"}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=production&sha={sha}&ref=main&tag=false&status=blocked"),
        )
        .await,
        400,
        json!({"error": "status does not have a valid value"}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=production&sha={sha}&ref=main&tag=maybe&status=success"),
        )
        .await,
        400,
        json!({"error": "tag is invalid"}),
    );
    check(
        &sim.gl_form("POST", "/projects/1/deployments", "environment=production&sha=a91957a858320c0e17f3a0eca7cfacbff50ea29a&ref=main&tag=false&status=success").await,
        400,
        json!({"message": {"sha": ["The commit does not exist"]}}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=production&sha={sha}&ref=nope&tag=false&status=success"),
        )
        .await,
        400,
        json!({"message": {"ref": ["The branch or tag does not exist"]}}),
    );
}

#[tokio::test]
async fn update_state_machine() {
    let sim = sim();
    let sha = known_sha(&sim).await;
    let r = sim
        .gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=staging&sha={sha}&ref=main&tag=false&status=running"),
        )
        .await;
    let path = format!("/projects/1/deployments/{}", r.body["id"]);
    check(
        &sim.gl_form("PUT", &path, "status=running").await,
        400,
        json!({"message": {"status": ["cannot transition via \"run\""]}}),
    );
    let ok = sim.gl_form("PUT", &path, "status=success").await;
    check_status(&ok, 200);
    assert_eq!(ok.body["status"], "success");
    check(
        &sim.gl_form("PUT", &path, "status=success").await,
        400,
        json!({"message": {"status": ["cannot transition via \"succeed\""]}}),
    );
    check_status(&sim.gl_form("PUT", &path, "status=failed").await, 200);
    check(
        &sim.gl_form("PUT", &path, "status=failed").await,
        400,
        json!({"message": {"status": ["cannot transition via \"drop\""]}}),
    );
    check_status(&sim.gl_form("PUT", &path, "status=canceled").await, 200);
    check(
        &sim.gl_form("PUT", &path, "status=canceled").await,
        400,
        json!({"message": {"status": ["cannot transition via \"cancel\""]}}),
    );
    check(
        &sim.gl_form("PUT", &path, "").await,
        400,
        json!({"error": "status is missing"}),
    );
    check(
        &sim.gl_form("PUT", &path, "status=blocked").await,
        400,
        json!({"error": "status does not have a valid value"}),
    );
    // Entering a finished status records the finish time (visible through finished_at ordering).
    let fin = sim
        .gl(
            "GET",
            "/projects/1/deployments?order_by=finished_at&status=canceled&sort=desc&per_page=1",
        )
        .await;
    assert_eq!(fin.array()[0]["id"], r.body["id"]);
}

#[tokio::test]
async fn ci_deployments_cannot_be_updated() {
    let sim = sim();
    let first = sim.gl("GET", "/projects/1/deployments?per_page=100").await;
    let ci = first
        .array()
        .iter()
        .find(|d| !d["deployable"].is_null())
        .unwrap();
    check(
        &sim.gl_form(
            "PUT",
            &format!("/projects/1/deployments/{}", ci["id"]),
            "status=success",
        )
        .await,
        403,
        json!({"message": "403 Forbidden - Deployments created using GitLab CI can not be updated using the API"}),
    );
}

#[tokio::test]
async fn delete_rules() {
    let sim = sim();
    let running = sim
        .gl("GET", "/projects/1/deployments?status=running")
        .await;
    let id = &running.array()[0]["id"];
    check(
        &sim.gl("DELETE", &format!("/projects/1/deployments/{id}"))
            .await,
        400,
        json!({"message": "Cannot destroy running deployment"}),
    );
    let env = sim
        .gl("GET", "/projects/1/environments?name=production")
        .await;
    let env = sim
        .gl(
            "GET",
            &format!("/projects/1/environments/{}", env.array()[0]["id"]),
        )
        .await;
    let current = &env.body["last_deployment"]["id"];
    check(
        &sim.gl("DELETE", &format!("/projects/1/deployments/{current}"))
            .await,
        400,
        json!({"message": "Deployment currently deployed to environment"}),
    );
    let failed = sim.gl("GET", "/projects/1/deployments?status=failed").await;
    let id = &failed.array()[0]["id"];
    let r = sim
        .gl("DELETE", &format!("/projects/1/deployments/{id}"))
        .await;
    check_status(&r, 204);
    assert!(r.text.is_empty());
    check(
        &sim.gl("GET", &format!("/projects/1/deployments/{id}"))
            .await,
        404,
        json!({"message": "404 Not found"}),
    );
    check_header(
        &sim.gl("GET", "/projects/1/deployments").await,
        "x-total",
        Some("239"),
    );
}

#[tokio::test]
async fn merge_requests_of_a_deployment() {
    let sim = sim();
    let list = sim
        .gl("GET", "/projects/1/deployments?per_page=100&status=success")
        .await;
    let with = list.array().iter().find(|d| {
        let st = sim.state.read();
        let d = st.projects[0]
            .deployments
            .iter()
            .find(|x| x.id == d["id"].as_u64().unwrap())
            .unwrap();
        d.mr_count >= 2
    });
    let d = with.expect("a deployment with merge requests");
    let r = sim
        .gl(
            "GET",
            &format!("/projects/1/deployments/{}/merge_requests", d["id"]),
        )
        .await;
    check_status(&r, 200);
    assert!(r.array().len() >= 2);
    for mr in r.array() {
        assert!(
            ["merged", "opened", "closed", "locked"].contains(&mr["state"].as_str().unwrap()),
            "{mr}"
        );
        assert_eq!(mr["project_id"], 1);
        assert!(mr["web_url"]
            .as_str()
            .unwrap()
            .contains("/-/merge_requests/"));
    }
    check_header(&r, "x-page", Some("1"));
    let api_made = sim.gl("GET", "/projects/1/deployments?per_page=100").await;
    let api = api_made
        .array()
        .iter()
        .find(|d| d["deployable"].is_null())
        .unwrap();
    check(
        &sim.gl(
            "GET",
            &format!("/projects/1/deployments/{}/merge_requests", api["id"]),
        )
        .await,
        200,
        json!([]),
    );
}

#[tokio::test]
async fn same_seed_same_data_and_different_seed_differs() {
    let a = sim().gl("GET", "/projects/1/deployments?per_page=5").await;
    let b = sim().gl("GET", "/projects/1/deployments?per_page=5").await;
    assert_eq!(a.body, b.body);
    let c = sim_with(|c| c.seed = 2)
        .gl("GET", "/projects/1/deployments?per_page=5")
        .await;
    assert_ne!(a.body, c.body);
}

#[tokio::test]
async fn a_list_read_again_after_a_write_shows_the_write() {
    // List items are rendered once and reused until the store changes: a write must show.
    let sim = sim();
    let sha = known_sha(&sim).await;
    let made = sim
        .gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=staging&sha={sha}&ref=main&tag=false&status=running"),
        )
        .await;
    let id = made.body["id"].clone();
    let status_in_list = |r: &Resp| {
        r.array()
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["status"].clone())
    };
    let list = "/projects/1/deployments?sort=desc&per_page=5";
    let before = sim.gl("GET", list).await;
    assert_eq!(status_in_list(&before), Some(json!("running")));
    let again = sim.gl("GET", list).await;
    assert_eq!(
        again.body, before.body,
        "the same answer while nothing changed"
    );
    let path = format!("/projects/1/deployments/{id}");
    check_status(&sim.gl_form("PUT", &path, "status=success").await, 200);
    let after = sim.gl("GET", list).await;
    assert_eq!(status_in_list(&after), Some(json!("success")));
}
