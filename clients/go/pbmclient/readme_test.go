package pbmclient_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestReadmeExample runs the README example exactly as printed, as a Go
// developer would: main.go in a module of its own that requires this one
// through a replace directive.
func TestReadmeExample(t *testing.T) {
	addr, password := env(t, "PBM_ADDR"), env(t, "PBM_PASSWORD")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)<!-- example: go -->\n```go\n(.*?)\n```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("no <!-- example: go --> block in README.md")
	}
	dir := t.TempDir()
	goMod := "module readmeexample\n\ngo 1.26.0\n\nrequire github.com/pbm-mail/pbm/clients/go v0.0.0\n\nreplace github.com/pbm-mail/pbm/clients/go => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{"go.mod": []byte(goMod), "go.sum": sum, "main.go": append(block[1], '\n')} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	run := func(env []string, args ...string) string {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("go %v: %v\n%s%s", args, err, out, stderr)
		}
		return string(out)
	}
	run(nil, "mod", "tidy")
	out := run([]string{"PBM_ADDR=" + addr, "PBM_PASSWORD=" + password}, "run", ".")

	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 7 {
		t.Fatalf("output:\n%s", out)
	}
	if lines[0] != "tenant default domain example.com" ||
		!regexp.MustCompile(`^created jane\.[a-z2-7]{8}@example\.com$`).MatchString(lines[1]) ||
		!regexp.MustCompile(`^listed \d+ users; new one listed: true$`).MatchString(lines[2]) ||
		lines[6] != "deleted "+strings.TrimPrefix(lines[1], "created ") {
		t.Fatalf("output:\n%s", out)
	}
	violations := slices.Clone(lines[3:6])
	slices.Sort(violations)
	if !slices.Equal(violations, []string{
		"violation user.given_name REQUIRED", "violation user.password REQUIRED", "violation user.surname REQUIRED",
	}) {
		t.Fatalf("output:\n%s", out)
	}
}
