//! Integration tests: the real `harness` binary against real headless Chromium through
//! chromedriver, over pages served on 127.0.0.1. One test binary, one module per topic.
//!
//! Nothing here skips itself: without Chromium or chromedriver the runs exit 3 with the
//! install command, and the tests fail showing it.

mod support;

mod authoring;
mod bad_scenarios;
mod browser;
mod cleanup;
mod extraction;
mod firefox;
mod grid;
mod hardening;
mod layout;
mod live;
mod news;
mod players;
mod real_markup;
mod reports;
mod scale;
mod snapshots;
mod suite;
mod widgets;
mod workflow;
