//! End-to-end tests of the approvals view: approving through two rules as two users until the
//! deployment unblocks, rejecting one (it fails), and the author's own approval being refused.

use fantoccini::Locator;
use shipboard_e2e::{approval_item as item, fill, inside, wait_text, Harness};

#[tokio::test]
async fn approve_through_two_rules_as_two_users_until_unblocked() {
    let h = Harness::start().await;
    h.open("?source=0&view=approvals").await;
    let bob = h.wait_for(&item("bob")).await;
    wait_text(&h, "[data-testid=summary]", "7 deployments waiting").await;
    // Oldest first.
    let all = h
        .client
        .find_all(Locator::Css("[data-testid=approval-item]"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for el in &all {
        ids.push(
            el.attr("data-id")
                .await
                .unwrap()
                .unwrap()
                .parse::<u64>()
                .unwrap(),
        );
    }
    let waiting = inside(&bob, "[data-testid=waiting-for]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        waiting.contains("security: 0 of 1") && waiting.contains("Maintainers: 0 of 1"),
        "{waiting}"
    );
    assert!(
        !waiting.contains("qa: 0 of 1"),
        "qa is already approved by alice: {waiting}"
    );
    h.screenshot("approvals").await;

    // demo approves as security.
    let form = inside(&bob, "[data-testid=approval-form]").await;
    inside(&form, "[data-testid=represented-as]")
        .await
        .select_by_value("security")
        .await
        .unwrap();
    fill(&form, "[data-testid=comment]", "Security review done").await;
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
    h.click(&format!("{} [data-testid=confirm-button]", item("bob")))
        .await;
    let row = format!(
        "{} [data-testid=rule-progress][data-rule=security]",
        item("bob")
    );
    wait_text(&h, &row, "approved 1 of 1").await;
    let status = inside(&bob, "[data-testid=item-status]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(status, "blocked", "one rule is still missing");

    // erin (another user, through the act-as switch) approves as Maintainers: it unblocks.
    h.wait_for("[data-testid=act-as]")
        .await
        .select_by_value("erin")
        .await
        .unwrap();
    let form = inside(&bob, "[data-testid=approval-form]").await;
    inside(&form, "[data-testid=represented-as]")
        .await
        .select_by_value("Maintainers")
        .await
        .unwrap();
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
    h.click(&format!("{} [data-testid=confirm-button]", item("bob")))
        .await;
    let row = format!(
        "{} [data-testid=rule-progress][data-rule=Maintainers]",
        item("bob")
    );
    wait_text(&h, &row, "approved 1 of 1").await;
    wait_text(
        &h,
        &format!("{} [data-testid=item-status]", item("bob")),
        "created",
    )
    .await;
    h.wait_for(&format!("{} [data-testid=not-waiting]", item("bob")))
        .await;
    h.screenshot("approvals-unblocked").await;

    let id = bob.attr("data-id").await.unwrap().unwrap();
    let d = shipboard_e2e::api(
        &h,
        "GET",
        &format!("/api/v4/projects/1/deployments/{id}"),
        None,
    );
    assert_eq!(d["status"], "created");
    assert!(ids.windows(2).all(|w| w[0] != w[1]));
    h.close().await;
}

#[tokio::test]
async fn a_rejected_deployment_fails() {
    let h = Harness::start().await;
    h.open("?source=0&view=approvals").await;
    h.wait_for("[data-testid=act-as]")
        .await
        .select_by_value("erin")
        .await
        .unwrap();
    let alice = h.wait_for(&item("alice")).await;
    let form = inside(&alice, "[data-testid=approval-form]").await;
    inside(&form, "[data-testid=reject]")
        .await
        .click()
        .await
        .unwrap();
    fill(&form, "[data-testid=comment]", "Not during the freeze").await;
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    h.click(&format!("{} [data-testid=confirm-button]", item("alice")))
        .await;
    wait_text(
        &h,
        &format!("{} [data-testid=item-status]", item("alice")),
        "failed",
    )
    .await;
    h.wait_for(&format!("{} [data-testid=not-waiting]", item("alice")))
        .await;
    h.close().await;
}

#[tokio::test]
async fn approving_your_own_deployment_is_refused_and_keeps_the_comment() {
    let h = Harness::start().await;
    h.open("?source=0&view=approvals").await;
    let own = h.wait_for(&item("demo")).await;
    let form = inside(&own, "[data-testid=approval-form]").await;
    fill(&form, "[data-testid=comment]", "Shipping my own fix").await;
    wait_text(
        &h,
        &format!("{} [data-testid=counter]", item("demo")),
        "19 / 255",
    )
    .await;
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
    h.click(&format!("{} [data-testid=confirm-button]", item("demo")))
        .await;
    wait_text(
        &h,
        &format!("{} [data-testid=error]", item("demo")),
        "You cannot approve your own deployment",
    )
    .await;
    let comment = inside(&form, "[data-testid=comment]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(comment.as_deref(), Some("Shipping my own fix"));
    let status = inside(&own, "[data-testid=item-status]")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(status, "blocked");
    h.screenshot("approvals-own-refused").await;
    h.close().await;
}
