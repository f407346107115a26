//! GitHub's new deployment: the form's draft into a request body (`required_contexts` left out,
//! `[]` or a list; the payload checked as JSON with its line and column), and the three answers
//! (201 created, 202 auto-merged with no deployment, 409 merge conflict or status checks).

use chrono::{TimeZone, Utc};
use serde_json::json;
use shipboard_core::request::github::{create_deployment, NewDeployment};
use shipboard_core::request::{Method, Source};
use shipboard_core::response::github::{
    new_deployment, ConflictReason, ContextState, NewDeploymentAnswer,
};
use shipboard_core::response::ErrorKind;
use shipboard_core::validate::github::{
    deployment_draft, payload, split_contexts, ContextsChoice, DeploymentDraft,
};

fn draft(r: &str) -> DeploymentDraft {
    DeploymentDraft {
        ref_: r.to_owned(),
        ..Default::default()
    }
}

#[test]
fn required_contexts_all_none_or_listed() {
    let all = deployment_draft(&draft("main")).unwrap();
    assert_eq!(all.required_contexts, None);
    let none = deployment_draft(&DeploymentDraft {
        contexts: ContextsChoice::None,
        contexts_text: "ci/build".into(),
        ..draft("main")
    })
    .unwrap();
    assert_eq!(none.required_contexts, Some(vec![]));
    let only = deployment_draft(&DeploymentDraft {
        contexts: ContextsChoice::Only,
        contexts_text: " ci/build,\nsecurity/scan , ci/build\n\n".into(),
        ..draft("main")
    })
    .unwrap();
    assert_eq!(
        only.required_contexts,
        Some(vec!["ci/build".to_owned(), "security/scan".to_owned()])
    );
    let empty_only = deployment_draft(&DeploymentDraft {
        contexts: ContextsChoice::Only,
        contexts_text: " , \n".into(),
        ..draft("main")
    })
    .unwrap_err();
    assert_eq!(empty_only[0].field, "required_contexts");
    assert!(empty_only[0].message.contains("No status checks"));
    assert_eq!(split_contexts(""), Vec::<String>::new());

    // The body as sent: left out vs [].
    let src = Source::new(
        shipboard_core::request::Forge::GitHub,
        "https://api.github.com",
        Some("t"),
    );
    let req = create_deployment(&src, "acme", "shop", &all);
    assert_eq!(req.method, Method::Post);
    assert_eq!(
        req.url,
        "https://api.github.com/repos/acme/shop/deployments"
    );
    let sent: serde_json::Value = serde_json::from_str(&req.body.unwrap().text()).unwrap();
    assert_eq!(
        sent,
        json!({"ref": "main", "auto_merge": true, "transient_environment": false})
    );
    let req = create_deployment(&src, "acme", "shop", &none);
    let sent: serde_json::Value = serde_json::from_str(&req.body.unwrap().text()).unwrap();
    assert_eq!(sent["required_contexts"], json!([]));
}

#[test]
fn the_draft_trims_and_leaves_defaults_to_github() {
    let body = deployment_draft(&DeploymentDraft {
        ref_: " topic-branch ".into(),
        environment: "  ".into(),
        task: "deploy:migrations".into(),
        description: " Ship it ".into(),
        auto_merge: false,
        payload: "{\"deploy\": \"migrate\"}".into(),
        transient_environment: true,
        production_environment: Some(false),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        body,
        NewDeployment {
            ref_: "topic-branch".into(),
            task: Some("deploy:migrations".into()),
            auto_merge: Some(false),
            required_contexts: None,
            payload: Some(json!({"deploy": "migrate"})),
            environment: None,
            description: Some("Ship it".into()),
            transient_environment: Some(true),
            production_environment: Some(false),
        }
    );
    let problems = deployment_draft(&draft("  ")).unwrap_err();
    assert_eq!(problems[0].field, "ref");
    assert_eq!(problems[0].message, "ref is missing");
}

#[test]
fn the_payload_is_checked_with_line_and_column() {
    assert_eq!(payload("  "), Ok(None));
    assert_eq!(payload("{}"), Ok(Some(json!({}))));
    let e = payload("{\n  \"deploy\": \"migrate\"\n  \"x\": 1\n}").unwrap_err();
    assert_eq!(e.field, "payload");
    assert_eq!(
        e.message,
        "payload is not valid JSON: line 3, column 3: expected `,` or `}`"
    );
    let e = payload("[1, 2]").unwrap_err();
    assert!(e.message.contains("must be a JSON object"), "{e}");
    // Every problem at once, nothing sent.
    let problems = deployment_draft(&DeploymentDraft {
        payload: "{oops".into(),
        ..draft("")
    })
    .unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["ref", "payload"]);
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

#[test]
fn created_auto_merged_and_conflicts() {
    let created = include_str!(
        "../../../../fixtures/github/examples/repos__create-deployment.response.201.simple-example.json"
    );
    match new_deployment(201, &[], created, now()).unwrap() {
        NewDeploymentAnswer::Created(d) => assert_eq!(d.git_ref, "topic-branch"),
        other => panic!("{other:?}"),
    }
    let merged = include_str!(
        "../../../../fixtures/github/examples/repos__create-deployment.response.202.merged-branch-response.json"
    );
    assert_eq!(
        new_deployment(202, &[], merged, now()).unwrap(),
        NewDeploymentAnswer::AutoMerged {
            message: "Auto-merged master into topic-branch on deployment.".into()
        }
    );
    assert_eq!(
        new_deployment(202, &[], "", now()).unwrap(),
        NewDeploymentAnswer::AutoMerged {
            message: String::new()
        }
    );
    // A 201 that is not a deployment may still have created one.
    let odd = new_deployment(201, &[], "<html>", now()).unwrap_err();
    assert_eq!(odd.error.kind, ErrorKind::Decode);

    let merge = json!({"message": "Conflict merging main into topic-conflict.", "documentation_url": "https://docs.github.com/rest"});
    let r = new_deployment(409, &[], &merge.to_string(), now()).unwrap_err();
    assert_eq!(r.error.kind, ErrorKind::Conflict);
    assert_eq!(
        r.error.message,
        "Conflict merging main into topic-conflict."
    );
    let c = r.conflict.unwrap();
    assert_eq!(c.reason, ConflictReason::MergeConflict);
    assert!(c.contexts.is_empty());

    let checks = json!({
        "message": "Conflict: Commit status checks failed for topic-failing.",
        "errors": [{"contexts": [{"context": "ci/test", "state": "failure"}, {"context": "security/scan", "state": "pending"}],
                    "resource": "Deployment", "field": "required_contexts", "code": "invalid"}],
        "documentation_url": "https://docs.github.com/rest"
    });
    let r = new_deployment(409, &[], &checks.to_string(), now()).unwrap_err();
    assert!(r
        .error
        .message
        .starts_with("Conflict: Commit status checks failed for topic-failing."));
    let c = r.conflict.unwrap();
    assert_eq!(
        c.message,
        "Conflict: Commit status checks failed for topic-failing."
    );
    assert_eq!(c.reason, ConflictReason::StatusChecks);
    assert_eq!(
        c.contexts,
        vec![
            ContextState {
                context: "ci/test".into(),
                state: "failure".into()
            },
            ContextState {
                context: "security/scan".into(),
                state: "pending".into()
            }
        ]
    );
    let other = new_deployment(409, &[], "{\"message\":\"Something else\"}", now()).unwrap_err();
    assert_eq!(other.conflict.unwrap().reason, ConflictReason::Other);
    let refused =
        new_deployment(422, &[], "{\"message\":\"Validation Failed\"}", now()).unwrap_err();
    assert_eq!(refused.error.kind, ErrorKind::Validation);
    assert!(refused.conflict.is_none());
}
