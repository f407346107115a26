//! GitLab project roles: what a reporter, a developer, a maintainer and an owner may do, and
//! that every seeded user from before roles keeps what it could do.

use serde_json::json;

use crate::support::*;

fn forbidden(r: &Resp) {
    check(r, 403, json!({"message": "403 Forbidden"}));
}

#[tokio::test]
async fn the_config_lists_every_users_role() {
    let cfg = forge_sim::dashboard_config(&forge_sim::Config::default());
    let role = |u: &str| {
        cfg["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["username"] == u)
            .map(|x| x["role"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(role("demo"), "owner");
    for u in ["alice", "bob", "carol", "dave", "erin", "deploy-bot"] {
        assert_eq!(role(u), "maintainer", "{u}");
    }
    assert_eq!(role("reader"), "reporter");
    assert_eq!(role("riley"), "reporter");
    assert_eq!(role("devi"), "developer");
}

#[tokio::test]
async fn a_reporter_reads_but_does_not_write() {
    let sim = sim();
    let t = "riley-token";
    check_status(
        &sim.gl_as(t, "GET", "/projects/1/deployments", None).await,
        200,
    );
    check_status(
        &sim.gl_as(t, "GET", "/projects/1/environments", None).await,
        200,
    );
    let sha = sim.state.read().projects[0].commits[2].sha.clone();
    forbidden(
        &sim.gl_as(
            t,
            "POST",
            "/projects/1/deployments",
            Some(&format!(
                "environment=qa&sha={sha}&ref=main&tag=false&status=success"
            )),
        )
        .await,
    );
    forbidden(
        &sim.gl_as(t, "POST", "/projects/1/environments", Some("name=nope"))
            .await,
    );
    forbidden(
        &sim.gl_as(
            t,
            "PUT",
            "/projects/1/environments/1",
            Some("description=x"),
        )
        .await,
    );
    forbidden(
        &sim.gl_as(t, "POST", "/projects/1/environments/1/stop", None)
            .await,
    );
    forbidden(
        &sim.gl_as(
            t,
            "POST",
            "/projects/1/environments/stop_stale",
            Some("before=2020-01-01"),
        )
        .await,
    );
    forbidden(
        &sim.gl_as(t, "DELETE", "/projects/1/environments/review_apps", None)
            .await,
    );
}

#[tokio::test]
async fn a_developer_writes_environments_but_does_not_administer() {
    let sim = sim();
    let t = "devi-token";
    let e = sim
        .gl_as(t, "POST", "/projects/1/environments", Some("name=devi-env"))
        .await;
    check_status(&e, 201);
    let id = e.body["id"].clone();
    check_status(
        &sim.gl_as(
            t,
            "PUT",
            &format!("/projects/1/environments/{id}"),
            Some("description=mine"),
        )
        .await,
        200,
    );
    check_status(
        &sim.gl_as(
            t,
            "POST",
            &format!("/projects/1/environments/{id}/stop"),
            None,
        )
        .await,
        200,
    );
    check_status(
        &sim.gl_as(t, "DELETE", &format!("/projects/1/environments/{id}"), None)
            .await,
        204,
    );
    // stop_stale is `stop_environment`: a developer gets past the permission check.
    check(
        &sim.gl_as(t, "POST", "/projects/1/environments/stop_stale", None)
            .await,
        400,
        json!({"error": "before is missing"}),
    );
    // Deleting deployments and cleaning up review apps are for maintainers.
    forbidden(
        &sim.gl_as(t, "DELETE", "/projects/1/environments/review_apps", None)
            .await,
    );
    let r = sim
        .gl("GET", "/projects/1/deployments?status=failed&per_page=1")
        .await;
    let did = r.array()[0]["id"].clone();
    forbidden(
        &sim.gl_as(t, "DELETE", &format!("/projects/1/deployments/{did}"), None)
            .await,
    );
    // A maintainer may.
    check_status(
        &sim.gl_as(
            "bob-token",
            "DELETE",
            &format!("/projects/1/deployments/{did}"),
            None,
        )
        .await,
        204,
    );
    check_status(
        &sim.gl_as(
            "carol-token",
            "DELETE",
            "/projects/1/environments/review_apps",
            None,
        )
        .await,
        200,
    );
}
