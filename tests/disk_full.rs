//! Disk full: a commit that cannot be written fails with an error, and the
//! last committed index stays readable. Needs root to mount a small tmpfs;
//! elsewhere the test says so and returns.

use std::path::Path;
use std::process::Command;

fn dipnews(index: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dipnews"))
        .args(args)
        .env("DIPNEWS_INDEX", index)
        .output()
        .unwrap()
}

#[test]
fn disk_full_keeps_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1M", "tmpfs"])
        .arg(&mnt)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("disk_full_keeps_last_commit: cannot mount a tmpfs here (not root?); not run");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_e01270f4380b6882.txt");
        std::fs::copy(&src, corpus.join("a.txt")).unwrap();
        let index = mnt.join("index");
        let first = dipnews(&index, &["index", corpus.to_str().unwrap(), "--quiet"]);
        assert!(first.status.success(), "{first:?}");

        // Far more text than the 1 MB file system can hold, and text that
        // does not compress away: each file adds its own pseudo-random words.
        let text = std::fs::read_to_string(&src).unwrap();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..250 {
            let mut body = text.replace("Trump", &format!("Trump{i}"));
            body.push_str("\n\n");
            for _ in 0..600 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                body.push_str(&format!("w{:x} ", seed >> 40));
            }
            body.push_str("said.\n");
            std::fs::write(corpus.join(format!("b{i}.txt")), body).unwrap();
        }
        let full = dipnews(&index, &["index", corpus.to_str().unwrap(), "--quiet"]);
        let stderr = String::from_utf8_lossy(&full.stderr);
        assert_eq!(full.status.code(), Some(1), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.to_lowercase().contains("space"), "{stderr}");

        // The last commit answers.
        let search = dipnews(&index, &["search", "--json", "--limit", "100"]);
        assert!(search.status.success(), "{search:?}");
        let v: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
        assert_eq!(v["total"], 1);
    });
    let _ = Command::new("umount").arg(&mnt).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
