//! End-to-end tests of writes people can trust: an approval is an explicit choice confirmed by a
//! question naming the deployment and environment (nothing is sent before), and after a status
//! update the drawer offers the transitions of the status the server answered with.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use shipboard_e2e::{api, approval_item as item, fill, inside, known_commit, wait_text, Harness};

/// How many approvals a deployment's rule `name` has, from the server.
fn approvals_of(h: &Harness, id: &str, name: &str) -> usize {
    let d = api(
        h,
        "GET",
        &format!("/api/v4/projects/1/deployments/{id}"),
        None,
    );
    let rules = d["approval_summary"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    rules
        .iter()
        .filter(|r| r["access_level_description"] == name)
        .map(|r| r["deployment_approvals"].as_array().map_or(0, Vec::len))
        .sum()
}

#[tokio::test]
async fn approving_needs_an_explicit_choice_and_a_confirmation_naming_the_deployment() {
    let h = Harness::start().await;
    h.open("?source=0&view=approvals").await;
    let bob = h.wait_for(&item("bob")).await;
    let id = bob.attr("data-id").await.unwrap().unwrap();
    let d: Value = api(
        &h,
        "GET",
        &format!("/api/v4/projects/1/deployments/{id}"),
        None,
    );
    let (iid, git_ref) = (
        d["iid"].as_u64().unwrap(),
        d["ref"].as_str().unwrap().to_owned(),
    );
    let before = approvals_of(&h, &id, "security");

    let form = inside(&bob, "[data-testid=approval-form]").await;
    for radio in ["approve", "reject"] {
        let checked = inside(&form, &format!("[data-testid={radio}]"))
            .await
            .prop("checked")
            .await
            .unwrap();
        assert_eq!(
            checked.as_deref(),
            Some("false"),
            "{radio} is not pre-selected"
        );
    }
    inside(&form, "[data-testid=represented-as]")
        .await
        .select_by_value("security")
        .await
        .unwrap();
    fill(&form, "[data-testid=comment]", "Security review done").await;

    // No choice: a clear message, no question, nothing sent.
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        &format!("{} [data-testid=choose]", item("bob")),
        "Choose Approve or Reject",
    )
    .await;
    assert!(
        bob.find(fantoccini::Locator::Css("[data-testid=confirm]"))
            .await
            .is_err(),
        "no question without a choice"
    );

    // Approve: the question names the deployment and the environment; nothing is sent yet.
    inside(&form, "[data-testid=approve]")
        .await
        .click()
        .await
        .unwrap();
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    let question = format!("Approve deployment #{iid} ({git_ref}) to production?");
    wait_text(
        &h,
        &format!("{} [data-testid=confirm] .confirm-title", item("bob")),
        &question,
    )
    .await;
    h.screenshot("approval-confirmation").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        approvals_of(&h, &id, "security"),
        before,
        "asking sent nothing"
    );

    // Confirmed: sent once, and the rule's progress updates.
    inside(&bob, "[data-testid=confirm-button]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        &format!(
            "{} [data-testid=rule-progress][data-rule=security]",
            item("bob")
        ),
        "approved 1 of 1",
    )
    .await;
    assert_eq!(approvals_of(&h, &id, "security"), before + 1);
    h.close().await;
}

/// The status values the drawer's update form offers, once they equal `want` (20 s).
async fn offered(h: &Harness, want: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = h
            .attrs(
                "[data-testid=update-form] [data-testid=update-status] option",
                "value",
            )
            .await;
        if now == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "offered {now:?}, expected {want:?}; page:\n{}",
            h.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn set_status(h: &Harness, status: &str) {
    let form = h.wait_for("[data-testid=update-form]").await;
    inside(&form, "[data-testid=update-status]")
        .await
        .select_by_value(status)
        .await
        .unwrap();
    inside(&form, "[data-testid=update-submit]")
        .await
        .click()
        .await
        .unwrap();
}

fn server_status(h: &Harness, id: u64) -> String {
    let d = api(
        h,
        "GET",
        &format!("/api/v4/projects/1/deployments/{id}"),
        None,
    );
    d["status"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn after_a_status_update_the_drawer_offers_the_new_statuss_transitions() {
    let h = Harness::start().await;
    let (sha, git_ref) = known_commit(&h);
    let created = api(
        &h,
        "POST",
        "/api/v4/projects/1/deployments",
        Some(
            json!({"environment": "qa", "sha": sha, "ref": git_ref, "tag": false, "status": "running"}),
        ),
    );
    let id = created["id"].as_u64().unwrap();
    h.open(&format!(
        "?source=0&project=1&view=deployments&deployment={id}"
    ))
    .await;
    h.wait_for("[data-testid=update-form]").await;
    offered(&h, &["success", "failed", "canceled"]).await;

    set_status(&h, "success").await;
    offered(&h, &["failed", "canceled"]).await;
    wait_text(
        &h,
        "[data-testid=update-form] [data-testid=success]",
        "Status updated",
    )
    .await;
    assert_eq!(server_status(&h, id), "success");

    // The offer follows each answer: from failed, success is offered again.
    set_status(&h, "failed").await;
    offered(&h, &["success", "canceled"]).await;
    assert_eq!(server_status(&h, id), "failed");
    set_status(&h, "success").await;
    offered(&h, &["failed", "canceled"]).await;
    assert_eq!(server_status(&h, id), "success");
    assert!(
        h.client
            .find(fantoccini::Locator::Css(
                "[data-testid=update-form] [data-testid=error]"
            ))
            .await
            .is_err(),
        "no refused transition was offered"
    );
    h.screenshot("status-transitions-after-update").await;
    h.close().await;
}
