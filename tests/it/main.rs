//! The one integration-test binary. Each test gets its own fresh database built by the real
//! migrations; tests written with `on_both_backends!` run on SQLite and on PostgreSQL
//! (when `BINOME_TEST_PG` points at a server; required under `CI=true`).

mod helpers;

mod a11y;
mod access;
mod admin;
mod answers_by_link;
mod assisted;
mod auth;
mod backup;
mod browser;
mod browser_people;
mod calls;
mod charter;
mod cli;
mod communes;
mod confirmations;
mod crash;
mod demo;
mod deploy;
mod desk;
mod discretion;
mod ending;
mod falc;
mod forms_on_a_phone;
mod health;
mod hours;
mod indicators;
mod instances;
mod jobs_replay;
mod layers;
mod lean_routes;
mod letters;
mod lifecycle;
mod logs;
mod mail;
mod matching;
mod meeting;
mod metrics;
mod probe;
mod proposals;
mod reciprocity;
mod rgpd;
mod security;
mod setup;
mod signup;
mod sms;
mod space;
mod story;
mod throttle;
mod totp;
mod unmet;
mod upgrade;
mod week;
