//! User-facing strings of the write actions shared by every form: busy states, confirmations,
//! acting as another user, and the deployment forms.

tr! {
    /// Shown on a submit button while its request is in flight.
    SENDING: [
        "Sending…",
        "发送中…",
        "보내는 중…",
    ]
}
tr! {
    /// Cancel a form or a confirmation.
    CANCEL: [
        "Cancel",
        "取消",
        "취소",
    ]
}
tr! {
    /// Confirm a destructive action.
    CONFIRM: [
        "Confirm",
        "确认",
        "확인",
    ]
}
tr! {
    /// Heading of client-side validation problems.
    INVALID: [
        "Not sent: the server would refuse this.",
        "未发送：服务器会拒绝此请求。",
        "보내지 않음: 서버가 거부합니다.",
    ]
}
tr! {
    /// The act-as chooser's label.
    ACT_AS: [
        "Act as",
        "身份",
        "다음 사용자로 실행",
    ]
}
tr! {
    /// The act-as default: the source's own token.
    ACT_AS_SOURCE: [
        "the source's token",
        "来源的令牌",
        "소스의 토큰",
    ]
}
tr! {
    /// Hint under the act-as chooser.
    ACT_AS_HINT: [
        "Writes are sent with this user's token (from config.json).",
        "写操作将使用此用户的令牌发送（来自 config.json）。",
        "쓰기 요청은 이 사용자의 토큰(config.json)으로 보냅니다.",
    ]
}
tr! {
    /// Done.
    DONE: [
        "Done.",
        "完成。",
        "완료.",
    ]
}
tr! {
    /// A write whose answer never arrived (the connection failed after sending, or the answer could
    /// not be read): the server may have applied it, so the view reloads what it touched.
    MAYBE_APPLIED: [
        "The answer did not arrive: the change may have been applied; reloading to show what the server has now.",
        "未收到答复：更改可能已生效；正在重新加载以显示服务器当前的内容。",
        "응답이 오지 않았습니다. 변경이 적용되었을 수 있어 서버의 현재 상태를 다시 불러옵니다.",
    ]
}

/// "Type production to confirm".
pub fn type_to_confirm(name: &str) -> String {
    say!(
        "Type {name} to confirm",
        "输入 {name} 以确认",
        "확인하려면 {name}을(를) 입력하세요",
    )
}

/// A live character counter: "12 / 140".
pub fn counter(used: usize, max: usize) -> String {
    format!("{used} / {max}")
}

/// The counter's accessible description when over the limit.
pub fn over_by(used: usize, max: usize) -> String {
    let n = used.saturating_sub(max);
    say!("{n} characters too many", "超出 {n} 个字符", "{n}자 초과")
}

/// Deployment forms (GitLab and GitHub) in the drawer and on the environments page.
pub mod deployment {
    tr! {
        /// Section heading in the drawer.
        ACTIONS: [
            "Change this deployment",
            "更改此部署",
            "이 배포 변경",
        ]
    }
    tr! {
        /// New deployment heading and button.
        NEW: [
            "New deployment",
            "新建部署",
            "새 배포",
        ]
    }
    tr! {
        /// Create button.
        CREATE: [
            "Create deployment",
            "创建部署",
            "배포 만들기",
        ]
    }
    tr! {
        /// Fields.
        ENVIRONMENT: [
            "Environment",
            "环境",
            "환경",
        ]
    }
    tr! {
        /// Environment hint.
        ENVIRONMENT_HINT: [
            "Found or created by name.",
            "按名称查找或创建。",
            "이름으로 찾거나 만듭니다.",
        ]
    }
    tr! {
        /// SHA field.
        SHA: [
            "Commit SHA",
            "提交 SHA",
            "커밋 SHA",
        ]
    }
    tr! {
        /// Ref field.
        REF: [
            "Ref (branch or tag)",
            "引用（分支或标签）",
            "참조(브랜치 또는 태그)",
        ]
    }
    tr! {
        /// Tag checkbox.
        TAG: [
            "The ref is a tag",
            "该引用是标签",
            "참조가 태그임",
        ]
    }
    tr! {
        /// Status field.
        STATUS: [
            "Status",
            "状态",
            "상태",
        ]
    }
    tr! {
        /// Created message.
        CREATED: [
            "Deployment created:",
            "部署已创建：",
            "배포가 생성됨:",
        ]
    }
    tr! {
        /// Update heading.
        UPDATE: [
            "Update status",
            "更新状态",
            "상태 업데이트",
        ]
    }
    tr! {
        /// Update button.
        UPDATE_BUTTON: [
            "Set status",
            "设置状态",
            "상태 설정",
        ]
    }
    tr! {
        /// Why only some statuses are offered.
        TRANSITIONS: [
            "Only the changes GitLab's state machine allows are offered: running only from created or blocked; success, failed and canceled from any other status.",
            "仅提供 GitLab 状态机允许的更改：只能从已创建或已阻止变为运行中；成功、失败和已取消可从其他任何状态变更。",
            "GitLab 상태 머신이 허용하는 변경만 제공합니다. 실행 중은 생성됨 또는 차단됨에서만, 성공·실패·취소됨은 다른 모든 상태에서 가능합니다.",
        ]
    }
    tr! {
        /// CI-made deployments.
        CI_MADE: [
            "This deployment was made by a CI job: GitLab refuses API updates to it (its status follows the job). Change it by running, retrying or canceling the job.",
            "此部署由 CI 作业创建：GitLab 拒绝通过 API 更新它（其状态跟随作业）。请通过运行、重试或取消该作业来更改。",
            "이 배포는 CI 작업이 만들었습니다. GitLab은 API로 업데이트하는 것을 거부합니다(상태는 작업을 따름). 작업을 실행, 재시도 또는 취소하여 변경하세요.",
        ]
    }
    tr! {
        /// Delete heading and button.
        DELETE: [
            "Delete deployment",
            "删除部署",
            "배포 삭제",
        ]
    }
    tr! {
        /// What delete cannot do.
        DELETE_REFUSALS: [
            "GitLab refuses to delete a running deployment, and the environment's current deployment (its last successful one).",
            "GitLab 拒绝删除正在运行的部署，以及环境的当前部署（最近一次成功的部署）。",
            "GitLab은 실행 중인 배포와 환경의 현재 배포(마지막 성공 배포)의 삭제를 거부합니다.",
        ]
    }
    tr! {
        /// Delete confirmation.
        DELETE_CONFIRM: [
            "Delete this deployment? Its record and its link to merge requests are removed for good.",
            "删除此部署？其记录及与合并请求的关联将被永久移除。",
            "이 배포를 삭제할까요? 기록과 병합 요청 연결이 영구히 제거됩니다.",
        ]
    }
    tr! {
        /// Deleted message.
        DELETED: [
            "Deployment deleted.",
            "部署已删除。",
            "배포가 삭제되었습니다.",
        ]
    }
    tr! {
        /// Updated message.
        UPDATED: [
            "Status updated.",
            "状态已更新。",
            "상태가 업데이트되었습니다.",
        ]
    }
    tr! {
        /// GitHub status form heading.
        NEW_STATUS: [
            "Report a status",
            "报告状态",
            "상태 보고",
        ]
    }
    tr! {
        /// GitHub state field.
        STATE: [
            "State",
            "状态",
            "상태",
        ]
    }
    tr! {
        /// GitHub description field.
        DESCRIPTION: [
            "Description",
            "描述",
            "설명",
        ]
    }
    tr! {
        /// GitHub log URL field.
        LOG_URL: [
            "Log URL",
            "日志 URL",
            "로그 URL",
        ]
    }
    tr! {
        /// GitHub environment URL field.
        ENVIRONMENT_URL: [
            "Environment URL",
            "环境 URL",
            "환경 URL",
        ]
    }
    tr! {
        /// GitHub auto-inactive checkbox.
        AUTO_INACTIVE: [
            "Mark earlier successful deployments to this environment inactive (auto_inactive)",
            "将此环境之前成功的部署标记为非活动（auto_inactive）",
            "이 환경의 이전 성공 배포를 비활성으로 표시(auto_inactive)",
        ]
    }
    tr! {
        /// GitHub create-status button.
        CREATE_STATUS: [
            "Create status",
            "创建状态",
            "상태 만들기",
        ]
    }
    tr! {
        /// GitHub delete explanation.
        GITHUB_DELETE: [
            "GitHub deletes only inactive deployments (report an inactive status first), unless it is the only deployment of its environment.",
            "GitHub 只删除非活动的部署（请先报告 inactive 状态），除非它是其环境中唯一的部署。",
            "GitHub는 비활성 배포만 삭제합니다(먼저 inactive 상태를 보고하세요). 환경의 유일한 배포인 경우는 예외입니다.",
        ]
    }
    tr! {
        /// Status created.
        STATUS_CREATED: [
            "Status created.",
            "状态已创建。",
            "상태가 생성되었습니다.",
        ]
    }
}

/// GitHub's new-deployment form on the environments page, and its three answers.
pub mod github_deployment {
    tr! {
        /// The section's accessible name.
        SECTION: [
            "GitHub deployment actions",
            "GitHub 部署操作",
            "GitHub 배포 작업",
        ]
    }
    tr! {
        /// What the section can and cannot do.
        HINT: [
            "GitHub environments are managed in the repository settings; deployments can be requested here.",
            "GitHub 环境在仓库设置中管理；可在此处请求部署。",
            "GitHub 환경은 저장소 설정에서 관리합니다. 배포는 여기서 요청할 수 있습니다.",
        ]
    }
    tr! {
        /// Opens the form.
        NEW: [
            "New deployment",
            "新建部署",
            "새 배포",
        ]
    }
    tr! {
        /// Ref field.
        REF: [
            "Ref (branch, tag or SHA)",
            "引用（分支、标签或 SHA）",
            "참조(브랜치, 태그 또는 SHA)",
        ]
    }
    tr! {
        /// Environment field.
        ENVIRONMENT: [
            "Environment (empty: production)",
            "环境（留空：production）",
            "환경(비우면: production)",
        ]
    }
    tr! {
        /// Task field.
        TASK: [
            "Task (empty: deploy)",
            "任务（留空：deploy）",
            "태스크(비우면: deploy)",
        ]
    }
    tr! {
        /// Description field.
        DESCRIPTION: [
            "Description",
            "描述",
            "설명",
        ]
    }
    tr! {
        /// auto_merge checkbox.
        AUTO_MERGE: [
            "Merge the default branch into the ref first when it is behind (auto_merge)",
            "引用落后时先将默认分支合并到引用中（auto_merge）",
            "참조가 뒤처져 있으면 먼저 기본 브랜치를 참조에 병합(auto_merge)",
        ]
    }
    tr! {
        /// The status-check choice.
        CONTEXTS: [
            "Commit status checks GitHub requires (required_contexts)",
            "GitHub 要求的提交状态检查（required_contexts）",
            "GitHub가 요구하는 커밋 상태 검사(required_contexts)",
        ]
    }
    tr! {
        /// required_contexts left out.
        CONTEXTS_ALL: [
            "All: every status reported on the commit must be success (field left out, GitHub's default)",
            "全部：提交上报告的每个状态都必须为 success（省略该字段，GitHub 的默认值）",
            "전체: 커밋에 보고된 모든 상태가 success여야 함(필드 생략, GitHub 기본값)",
        ]
    }
    tr! {
        /// required_contexts: [].
        CONTEXTS_NONE: [
            "None: skip status checks (sends an empty list, [])",
            "无：跳过状态检查（发送空列表 []）",
            "없음: 상태 검사 건너뜀(빈 목록 [] 전송)",
        ]
    }
    tr! {
        /// required_contexts: [...].
        CONTEXTS_ONLY: [
            "Only these contexts:",
            "仅这些上下文：",
            "다음 컨텍스트만:",
        ]
    }
    tr! {
        /// The contexts field.
        CONTEXTS_LIST: [
            "Contexts, separated by commas or new lines",
            "上下文，用逗号或换行分隔",
            "쉼표나 줄바꿈으로 구분한 컨텍스트",
        ]
    }
    tr! {
        /// Payload field.
        PAYLOAD: [
            "Payload (a JSON object, optional; checked before sending)",
            "载荷（JSON 对象，可选；发送前检查）",
            "페이로드(JSON 객체, 선택, 보내기 전에 검사)",
        ]
    }
    tr! {
        /// transient_environment checkbox.
        TRANSIENT: [
            "The environment will go away (transient_environment)",
            "该环境将会消失（transient_environment）",
            "환경이 사라질 예정(transient_environment)",
        ]
    }
    tr! {
        /// production_environment choice.
        PRODUCTION: [
            "End users interact with it (production_environment)",
            "最终用户会与之交互（production_environment）",
            "최종 사용자가 사용함(production_environment)",
        ]
    }
    tr! {
        /// production_environment left out.
        PRODUCTION_DEFAULT: [
            "GitHub's default: yes for production only",
            "GitHub 的默认值：仅 production 为是",
            "GitHub 기본값: production만 예",
        ]
    }
    tr! {
        /// production_environment true.
        YES: [
            "Yes",
            "是",
            "예",
        ]
    }
    tr! {
        /// production_environment false.
        NO: [
            "No",
            "否",
            "아니요",
        ]
    }
    tr! {
        /// Submit.
        CREATE: [
            "Create deployment",
            "创建部署",
            "배포 만들기",
        ]
    }
    tr! {
        /// 202: nothing deployed.
        MERGED_TITLE: [
            "No deployment was created (HTTP 202).",
            "未创建部署（HTTP 202）。",
            "배포가 생성되지 않았습니다(HTTP 202).",
        ]
    }
    tr! {
        /// 202: what to do.
        MERGED_ADVICE: [
            "The ref was behind the default branch, so GitHub merged the default branch into it instead of deploying. The ref now points at a new merge commit: let its checks run, then create the deployment again (or turn off auto_merge to deploy a ref as it is).",
            "该引用落后于默认分支，因此 GitHub 将默认分支合并到其中而不是部署。该引用现在指向一个新的合并提交：请等待其检查运行完毕，然后重新创建部署（或关闭 auto_merge 以按原样部署引用）。",
            "참조가 기본 브랜치보다 뒤처져 있어 GitHub가 배포 대신 기본 브랜치를 병합했습니다. 참조는 이제 새 병합 커밋을 가리킵니다. 검사가 실행된 뒤 배포를 다시 만드세요(또는 auto_merge를 꺼서 참조를 그대로 배포하세요).",
        ]
    }
    tr! {
        /// 409 merge conflict: what to do.
        MERGE_CONFLICT_ADVICE: [
            "GitHub could not merge the default branch into the ref: resolve the conflict in the branch (merge or rebase it), or turn off auto_merge to deploy the ref as it is.",
            "GitHub 无法将默认分支合并到该引用：请在分支中解决冲突（合并或变基），或关闭 auto_merge 以按原样部署引用。",
            "GitHub가 기본 브랜치를 참조에 병합할 수 없습니다. 브랜치에서 충돌을 해결하거나(병합 또는 리베이스) auto_merge를 꺼서 참조를 그대로 배포하세요.",
        ]
    }
    tr! {
        /// 409 status checks: what to do.
        CHECKS_ADVICE: [
            "Not deployed: the commit's status checks are not all success. Wait for pending checks, fix failing ones, require only the contexts that matter (\"Only these contexts\"), or choose \"None\" (required_contexts: []) to skip the checks.",
            "未部署：提交的状态检查并非全部为 success。请等待待处理的检查、修复失败的检查、仅要求重要的上下文（“仅这些上下文”），或选择“无”（required_contexts: []）以跳过检查。",
            "배포되지 않음: 커밋의 상태 검사가 모두 success가 아닙니다. 대기 중인 검사를 기다리거나, 실패한 검사를 고치거나, 중요한 컨텍스트만 요구하거나(\"다음 컨텍스트만\"), \"없음\"(required_contexts: [])을 선택해 검사를 건너뛰세요.",
        ]
    }
    tr! {
        /// 409 of another kind.
        OTHER_CONFLICT_ADVICE: [
            "GitHub refused to create the deployment because of a conflict: check the ref and try again.",
            "GitHub 因冲突拒绝创建部署：请检查引用后重试。",
            "GitHub가 충돌 때문에 배포 생성을 거부했습니다. 참조를 확인하고 다시 시도하세요.",
        ]
    }
    tr! {
        /// Heading of the failing contexts.
        FAILING_CONTEXTS: [
            "Checks that are not success:",
            "未成功的检查：",
            "success가 아닌 검사:",
        ]
    }

    /// 201: "Deployment #42 created: topic-branch → production."
    pub fn created(id: u64, git_ref: &str, environment: &str) -> String {
        say!(
            "Deployment #{id} created: {git_ref} → {environment}.",
            "已创建部署 #{id}：{git_ref} → {environment}。",
            "배포 #{id} 생성됨: {git_ref} → {environment}.",
        )
    }

    tr! {
        /// "Only these contexts" with none listed yet.
        CONTEXTS_ONLY_EMPTY: [
            "List at least one context, or choose None to skip the checks.",
            "请至少列出一个上下文，或选择“无”以跳过检查。",
            "컨텍스트를 하나 이상 나열하거나 없음을 선택해 검사를 건너뛰세요.",
        ]
    }

    /// What the required_contexts choice sends.
    pub fn contexts_preview(sent: Option<&[String]>) -> String {
        match sent {
            None => say!(
                "Sends no required_contexts: GitHub checks every context.",
                "不发送 required_contexts：GitHub 检查每个上下文。",
                "required_contexts를 보내지 않음: GitHub가 모든 컨텍스트를 검사합니다.",
            ),
            Some([]) => say!(
                "Sends required_contexts: [] (no checks).",
                "发送 required_contexts: []（不检查）。",
                "required_contexts: [] 전송(검사 없음).",
            ),
            Some(list) => {
                let list = list
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                say!(
                    "Sends required_contexts: [{list}]",
                    "发送 required_contexts: [{list}]",
                    "required_contexts: [{list}] 전송",
                )
            }
        }
    }
}
