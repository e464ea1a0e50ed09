//! A fake Bitrix24 portal for the tests: Bitrix24 is a SaaS that cannot run
//! here, so this HTTP server on the loopback answers the two REST methods
//! the address-book sync calls, in the documented shapes
//! (apidocs.bitrix24.com: `user.get`, `department.get`, "Features of list
//! methods", the system errors):
//!
//! - the incoming-webhook path `/rest/<user id>/<token>/<method>.json`
//!   (POST, JSON body); another user id or token is refused with HTTP 401
//!   `INVALID_CREDENTIALS`, an unknown method with HTTP 404
//!   `ERROR_METHOD_NOT_FOUND`;
//! - pages of 50 from the body's `start`, sorted by `ID`, each answer
//!   `{"result": [...], "total": n, "next": start + 50, "time": {...}}`,
//!   without `next` on the last page;
//! - `user.get` honours `FILTER: {ACTIVE: true}` (dismissed users left out)
//!   unless told to ignore it;
//! - a page can be made to fail once, or every request to fail, with HTTP
//!   503 `QUERY_LIMIT_EXCEEDED`;
//! - every request is logged (method, `start`, status, whether the active
//!   filter was asked for).

#![allow(dead_code)]

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Value, json};

/// The webhook's user.
pub const USER_ID: &str = "1";
/// The documented, fixed page size.
pub const PAGE: usize = 50;

/// One request the portal answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// The method, without `.json`.
    pub method: String,
    /// The `start` asked for.
    pub start: u64,
    /// The HTTP status answered.
    pub status: u16,
    /// `user.get` asked for active users only.
    pub active_filter: bool,
}

/// What the portal holds and how it behaves.
#[derive(Debug, Default)]
pub struct Portal {
    /// Users by ID, as `user.get` answers them.
    pub users: BTreeMap<u64, Value>,
    /// Department names by ID.
    pub departments: BTreeMap<u64, String>,
    /// (method, start): the next request of that page is refused, once,
    /// with `QUERY_LIMIT_EXCEEDED`.
    pub fail_once: Option<(String, u64)>,
    /// Every request is refused with `QUERY_LIMIT_EXCEEDED`.
    pub always_limited: bool,
    /// `user.get` answers dismissed users too, whatever the filter.
    pub ignore_active_filter: bool,
    /// The requests, in order.
    pub requests: Vec<Logged>,
}

/// A user as `user.get` answers it.
pub fn user(id: u64, name: &str, last_name: &str, email: &str, departments: &[u64]) -> Value {
    json!({
        "ID": id.to_string(),
        "ACTIVE": true,
        "NAME": name,
        "LAST_NAME": last_name,
        "SECOND_NAME": "",
        "EMAIL": email,
        "LAST_LOGIN": "2024-07-25T13:06:54+00:00",
        "DATE_REGISTER": "2024-07-15T00:00:00+00:00",
        "IS_ONLINE": "N",
        "PERSONAL_GENDER": "",
        "PERSONAL_BIRTHDAY": "",
        "PERSONAL_MOBILE": "",
        "PERSONAL_PHONE": "",
        "PERSONAL_CITY": "",
        "WORK_PHONE": "",
        "WORK_CITY": "",
        "WORK_POSITION": "Специалист",
        "UF_EMPLOYMENT_DATE": "",
        "UF_DEPARTMENT": departments,
        "USER_TYPE": "employee",
    })
}

/// Where a seeded user's mail goes: `b24.user007@corp.test`.
pub fn seeded_mail(id: u64) -> String {
    format!("b24.user{id:03}@corp.test")
}

impl Portal {
    /// 130 users (IDs 1–130, Cyrillic names, `seeded_mail` addresses; every
    /// 20th dismissed: 124 active, three pages), 60 departments (two
    /// pages). User 2 is Анна Кузнецова with every mapped field; user 3 has
    /// a work phone no contact can hold; user 55 has no email.
    pub fn seeded() -> Self {
        const NAMES: [(&str, &str); 10] = [
            ("Александр", "Смирнов"),
            ("Мария", "Иванова"),
            ("Дмитрий", "Кузнецов"),
            ("Елена", "Попова"),
            ("Сергей", "Васильев"),
            ("Ольга", "Петрова"),
            ("Андрей", "Соколов"),
            ("Наталья", "Михайлова"),
            ("Алексей", "Новиков"),
            ("Татьяна", "Фёдорова"),
        ];
        let mut portal = Self::default();
        for id in 1..=60u64 {
            let name = match id {
                1 => "Головной офис".to_owned(),
                2 => "Бухгалтерия".to_owned(),
                55 => "Отдел продаж".to_owned(),
                _ => format!("Отдел №{id}"),
            };
            portal.departments.insert(id, name);
        }
        for id in 1..=130u64 {
            let (name, last_name) = NAMES[(id % 10) as usize];
            let mut u = user(id, name, last_name, &seeded_mail(id), &[1 + id % 60]);
            if id % 20 == 0 {
                u["ACTIVE"] = json!(false);
            }
            portal.users.insert(id, u);
        }
        let anna = portal.users.get_mut(&2).unwrap();
        anna["NAME"] = json!("Анна");
        anna["LAST_NAME"] = json!("Кузнецова");
        anna["SECOND_NAME"] = json!("Сергеевна");
        anna["EMAIL"] = json!("Anna.Kuznetsova@corp.test");
        anna["WORK_POSITION"] = json!("Главный бухгалтер");
        anna["PERSONAL_MOBILE"] = json!("+7 900 123-45-67");
        anna["WORK_PHONE"] = json!("+7 495 000-00-02");
        anna["PERSONAL_PHONE"] = json!("+7 495 999-99-99");
        anna["UF_DEPARTMENT"] = json!([2, 55]);
        anna["WORK_CITY"] = json!("Москва");
        anna["PERSONAL_CITY"] = json!("Тверь");
        portal.users.get_mut(&3).unwrap()["WORK_PHONE"] = json!("доб. 123");
        portal.users.get_mut(&55).unwrap()["EMAIL"] = json!("");
        portal
    }
}

/// The running portal; stopped when dropped.
pub struct FakeBitrix24 {
    /// `http://127.0.0.1:<port>`: `services/bitrix24/url`.
    pub url: String,
    /// The webhook's token: `services/bitrix24/webhook`.
    pub token: String,
    portal: Arc<Mutex<Portal>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeBitrix24 {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Clone)]
struct Shared {
    token: String,
    portal: Arc<Mutex<Portal>>,
}

impl FakeBitrix24 {
    /// Serves `portal` with the webhook `token` of user [`USER_ID`].
    pub async fn start(portal: Portal, token: &str) -> Self {
        let portal = Arc::new(Mutex::new(portal));
        let shared = Shared { token: token.to_owned(), portal: portal.clone() };
        let app = Router::new().route("/rest/{user}/{token}/{method}", post(answer)).with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { url, token: token.to_owned(), portal, task }
    }

    /// Reads or changes the portal.
    pub fn with<T>(&self, change: impl FnOnce(&mut Portal) -> T) -> T {
        change(&mut self.portal.lock().unwrap())
    }

    /// The requests so far, and forgets them.
    pub fn take_requests(&self) -> Vec<Logged> {
        std::mem::take(&mut self.portal.lock().unwrap().requests)
    }
}

fn error(status: StatusCode, code: &str, description: &str) -> Response {
    (status, Json(json!({"error": code, "error_description": description}))).into_response()
}

fn number(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

async fn answer(
    State(shared): State<Shared>,
    Path((user_id, token, method)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    if user_id != USER_ID || token != shared.token {
        return error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS", "Invalid request credentials");
    }
    let method = method.strip_suffix(".json").unwrap_or(&method).to_owned();
    let params: Value = if body.is_empty() { json!({}) } else { serde_json::from_slice(&body).unwrap_or(json!({})) };
    let start = number(params.get("start")).unwrap_or(0);
    let filter = params.get("FILTER").or_else(|| params.get("filter"));
    let active_filter = filter
        .and_then(|f| f.get("ACTIVE"))
        .is_some_and(|a| *a == json!(true) || *a == json!("true") || *a == json!("Y"));
    let mut portal = shared.portal.lock().unwrap();
    let log = |status: StatusCode| Logged { method: method.clone(), start, status: status.as_u16(), active_filter };
    let limited = portal.always_limited || portal.fail_once.as_ref() == Some(&(method.clone(), start));
    if limited {
        portal.fail_once = None;
        let entry = log(StatusCode::SERVICE_UNAVAILABLE);
        portal.requests.push(entry);
        return error(StatusCode::SERVICE_UNAVAILABLE, "QUERY_LIMIT_EXCEEDED", "Too many requests");
    }
    let all: Vec<Value> = match method.as_str() {
        "user.get" => {
            let everyone = !active_filter || portal.ignore_active_filter;
            portal.users.values().filter(|u| everyone || u["ACTIVE"] == json!(true)).cloned().collect()
        }
        "department.get" => portal
            .departments
            .iter()
            .map(|(id, name)| {
                let parent = if *id == 1 { "0".to_owned() } else { "1".to_owned() };
                json!({"ID": id.to_string(), "NAME": name, "SORT": 500, "PARENT": parent})
            })
            .collect(),
        _ => {
            let entry = log(StatusCode::NOT_FOUND);
            portal.requests.push(entry);
            return error(StatusCode::NOT_FOUND, "ERROR_METHOD_NOT_FOUND", "Method not found!");
        }
    };
    let entry = log(StatusCode::OK);
    portal.requests.push(entry);
    let from = (start as usize).min(all.len());
    let to = (from + PAGE).min(all.len());
    let mut answer = json!({
        "result": all[from..to],
        "total": all.len(),
        "time": {
            "start": 1721913235.39648, "finish": 1721913235.45078, "duration": 0.0543,
            "processing": 0.0187, "date_start": "2024-07-25T13:13:55+00:00",
            "date_finish": "2024-07-25T13:13:55+00:00", "operating": 0,
        },
    });
    if to < all.len() {
        answer["next"] = json!(to);
    }
    Json(answer).into_response()
}
