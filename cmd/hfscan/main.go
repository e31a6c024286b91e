// Command hfscan finds Hugging Face tokens and other secrets in notebooks
// and source trees. This file only wires flags to the scanner and reporters.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/pflag"

	"github.com/hfscan/hfscan/findings"
	"github.com/hfscan/hfscan/reporters"
	"github.com/hfscan/hfscan/rules"
	"github.com/hfscan/hfscan/scanner"
)

// version is set at release time with -ldflags "-X main.version=…".
var version string

const (
	exitClean    = 0
	exitFindings = 1
	exitTrouble  = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

type config struct {
	format, output, failOn, color, maxSize string
	baseline, since, revRange              string
	showSecrets, noGitignore, quiet        bool
	staged, history                        bool
	explain                                string
	perFile                                bool
	listRules, showVersion, failTooLarge   bool
	stdinName                              string
	fromJSON                               []string
	exclude, enable, disable               []string
	jobs                                   jobsValue
	verify                                 verifyConfig
	remote                                 remoteConfig
}

// maxJobs caps -j: past a few workers per core nothing gets faster, and
// each worker holds a read buffer.
const maxJobs = 256

// jobsValue is -j: a whole number, with an error that reads like the
// others rather than a strconv message.
type jobsValue int

func (j *jobsValue) String() string { return strconv.Itoa(int(*j)) }
func (j *jobsValue) Type() string   { return "N" }
func (j *jobsValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return errors.New("want a whole number of workers, 1 or more")
	}
	*j = jobsValue(min(n, maxJobs))
	return nil
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c config
	// "hfscan revoke …" scans as hfscan does, then revokes what it found.
	var revoke *revokeConfig
	var fixer *fixConfig
	switch {
	case len(args) > 0 && args[0] == "revoke":
		revoke, args = &revokeConfig{}, args[1:]
	case len(args) > 0 && args[0] == "fix":
		fixer, args = &fixConfig{}, args[1:]
	}
	fs := pflag.NewFlagSet("hfscan", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.StringVarP(&c.format, "format", "f", "text", reporters.FormatHelp())
	fs.StringVarP(&c.output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
	fs.StringVar(&c.failOn, "fail-on", "error", "lowest level that makes the exit status 1: error, warning, note or never")
	fs.BoolVar(&c.showSecrets, "show-secrets", false, "print matched secrets in full (default: redacted)")
	fs.StringVar(&c.baseline, "baseline", "", "JSON report `FILE` of an earlier run: findings it holds are not reported")
	fs.StringArrayVar(&c.fromJSON, "from-json", nil, "write the saved JSON report `FILE` in --format instead of scanning (repeatable: the reports are merged, e.g. the shards of a CI matrix)")
	fs.BoolVar(&c.staged, "staged", false, "scan the staged (git index) version of files, for a git pre-commit hook")
	fs.BoolVar(&c.history, "history", false, "scan every blob in the git history of the repository at PATH (default \".\")")
	fs.StringVar(&c.since, "since", "", "with --history: only what is not reachable from `REV`")
	fs.StringVar(&c.revRange, "range", "", "with --history: only what the commit range `A..B` added")
	fs.StringArrayVar(&c.exclude, "exclude", nil, "gitignore-syntax `PATTERN` of paths to skip (repeatable)")
	fs.BoolVar(&c.noGitignore, "no-gitignore", false, "also scan files that .gitignore or .hfscanignore exclude")
	fs.StringVar(&c.maxSize, "max-file-size", "50MiB", "skip files larger than `SIZE` (e.g. 512KiB, 10MB, 1GiB; 0: no limit); a notebook's base64 images do not count")
	fs.BoolVar(&c.failTooLarge, "fail-too-large", false, "a file left unscanned for its size makes the exit status 2, like an unreadable file")
	fs.StringVar(&c.stdinName, "stdin-filename", "", "the `NAME` standard input (PATH \"-\") is reported and read as (e.g. cell.py: practice rules run)")
	fs.StringSliceVar(&c.enable, "enable", nil, "run only these `RULE`s (comma-separated or repeated)")
	fs.StringSliceVar(&c.disable, "disable", nil, "do not run these `RULE`s (comma-separated or repeated)")
	c.verify.flags(fs)
	c.remote.flags(fs)
	if revoke != nil {
		revoke.flags(fs)
	}
	if fixer != nil {
		fixer.flags(fs)
	}
	fs.BoolVar(&c.listRules, "list-rules", false, "print the rules (id, level, title) and exit")
	fs.StringVar(&c.explain, "explain", "", "print the full help of `RULE` (what it finds, why it matters, how to fix it) and exit")
	c.jobs = jobsValue(min(runtime.NumCPU(), maxJobs))
	fs.VarP(&c.jobs, "jobs", "j", fmt.Sprintf("parallel workers (at most %d)", maxJobs))
	fs.StringVar(&c.color, "color", "auto", "colour the text report: auto, always or never")
	fs.BoolVarP(&c.quiet, "quiet", "q", false, "findings only, no summary")
	fs.BoolVar(&c.perFile, "summary", false, "text report: one line per affected file (findings by level, cells) instead of each finding")
	fs.BoolVar(&c.showVersion, "version", false, "print the version and exit")
	// Help asked for is the output, not an error: stdout, so that
	// "hfscan -h | less" works.
	fs.Usage = func() {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "Usage: hfscan [flags] [PATH ...]\n       hfscan revoke [flags] [PATH ...]   (revoke the Hugging Face tokens found)\n"+
			"       hfscan fix [flags] [PATH ...]      (take the secrets out of the files; code reads them from the environment)\n\n"+
			"Finds Hugging Face tokens and other secrets in notebooks and source trees.\n"+
			"PATH is a file or directory (default \".\"); \"-\" reads standard input.\n\n"+
			"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage error or unreadable path.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitClean
		}
		fmt.Fprintf(stderr, "hfscan: %v\nRun 'hfscan --help' for usage.\n", err)
		return exitTrouble
	}
	if revoke != nil && (c.output != "" || c.listRules || c.format != "text") {
		fmt.Fprintln(stderr, "hfscan revoke: writes no report (no -o, -f or --list-rules); run hfscan for a report")
		return exitTrouble
	}
	if fixer != nil {
		if err := fixer.usable(&c); err != nil {
			fmt.Fprintf(stderr, "%v\n", err)
			return exitTrouble
		}
	}
	if err := flagsThatAreFiles(args); err != nil {
		fmt.Fprintf(stderr, "hfscan: %v\n", err)
		return exitTrouble
	}
	if c.showVersion {
		fmt.Fprintf(stdout, "hfscan %s\n", versionString())
		return exitClean
	}
	// The rule table is built on another core while the run is planned
	// (a third of a millisecond, start-up that every run pays). Selecting
	// from it can fail only with --enable or --disable: then, and for
	// the rule list, it is waited for here, as a run without it would.
	ruleTable := make(chan []*rules.Rule, 1)
	go func() { ruleTable <- rules.Default() }()
	var all, table []*rules.Rule
	selectTable := func() bool {
		var err error
		all = <-ruleTable
		if table, err = selectRules(all, c.enable, c.disable); err != nil {
			fmt.Fprintf(stderr, "hfscan: %v\nRun 'hfscan --list-rules' for the rule ids.\n", err)
			return false
		}
		return true
	}
	if len(c.enable) > 0 || len(c.disable) > 0 || c.listRules || c.explain != "" {
		if !selectTable() {
			return exitTrouble
		}
	}
	if c.listRules {
		return c.writeRuleList(table, stdout, stderr)
	}
	if c.explain != "" {
		return explainRule(all, c.explain, stdout, stderr)
	}

	// Remote repositories (hf://…, git URLs, --hub-user/--hub-org) are
	// cloned and scanned after the local PATHs; listing an account asks
	// the Hub, so an interrupt stops it too.
	planCtx, stopPlan := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	remotes, local, err := c.remote.plan(planCtx, &c, pathArgs(fs))
	stopPlan()
	if err == nil && remotes != nil && (fixer != nil || len(c.fromJSON) > 0) {
		err = errors.New("remote repositories are scanned, not fixed or read from a report: no fix, no --from-json")
	}
	if err != nil {
		fmt.Fprintf(stderr, "hfscan: %v\n", err)
		return exitTrouble
	}
	opts, src, failOn, err := c.scanOptions(stdin, local)
	if err != nil {
		fmt.Fprintf(stderr, "hfscan: %v\nRun 'hfscan --help' for usage.\n", err)
		return exitTrouble
	}
	if remotes != nil && len(local) == 0 {
		src = nil // only remote repositories: no "." by default
	}
	useColor, err := c.colorFor(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "hfscan: %v\n", err)
		return exitTrouble
	}
	rep, err := reporters.New(c.format, reporters.Options{Version: versionString(), ShowSecrets: c.showSecrets, Color: useColor, Quiet: c.quiet, PerFile: c.perFile})
	if err != nil {
		fmt.Fprintf(stderr, "hfscan: %v\n", err)
		return exitTrouble
	}

	verifySecrets, err := c.verify.verifier()
	if err != nil {
		fmt.Fprintf(stderr, "hfscan: --verify: %v\n", err)
		return exitTrouble
	}
	keepStates, err := c.verify.keep(len(c.fromJSON) > 0)
	if err != nil {
		fmt.Fprintf(stderr, "hfscan: %v\n", err)
		return exitTrouble
	}
	var known map[string]bool
	if c.baseline != "" {
		if known, err = readBaseline(c.baseline); err != nil {
			fmt.Fprintf(stderr, "hfscan: --baseline: %v\n", err)
			return exitTrouble
		}
	}
	if all == nil && !selectTable() {
		return exitTrouble
	}
	opts.Rules = table
	// The report's destination is checked before the scan: a run that
	// cannot keep its findings stops at once.
	var dest *reportFile
	if c.output != "" {
		if dest, err = openReport(c.output, c.showSecrets); err != nil {
			fmt.Fprintf(stderr, "hfscan: %v\n", err)
			return exitTrouble
		}
	}
	var res *findings.Result
	if len(c.fromJSON) > 0 {
		if res, err = c.readReport(all); err != nil {
			fmt.Fprintf(stderr, "hfscan: --from-json: %v\n", err)
			dest.close()
			return exitTrouble
		}
	} else {
		opts.Table = all
		opts.OnRead = gcPolicy()
		// An interrupt stops the scan; what it found so far is reported,
		// with an error that says it stopped (exit 2).
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		stopProgress := func() {}
		if showProgress(stderr, c.quiet) {
			opts.Progress = &scanner.Progress{}
			stopProgress = startProgress(stderr, opts.Progress)
		}
		start := time.Now
		if opts.Now != nil {
			start = opts.Now
		}
		began := start()
		res = findings.New(opts.Rules)
		res.Table = opts.Table
		if src != nil {
			res = scanner.Scan(ctx, src, opts)
		}
		if remotes != nil {
			res.Merge(remotes.scan(ctx, &c, opts, stderr))
			res.Sort()
			res.Stats.Duration = start().Sub(began)
		}
		stopProgress()
		opts.Progress = nil // fix and revoke scan again, file by file: no line for those
		stop()
	}
	if known != nil {
		res.ApplyBaseline(known)
	}
	if verifySecrets != nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		verifySecrets(ctx, res.Findings)
		stop()
	}
	if keepStates != nil {
		res.KeepVerified(keepStates)
	}
	if fixer != nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return fixer.run(ctx, res, opts, pathArgs(fs), stdout, stderr)
	}
	if revoke != nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return revoke.run(ctx, res, c.verify.endpoints.HuggingFace, c.verify.on, c.verify.client(), stdin, stdout, stderr)
	}

	status := exitStatus(res, failOn, c.failTooLarge)
	if dest == nil {
		if err := rep.Report(stdout, res); err != nil {
			fmt.Fprintf(stderr, "hfscan: write report: %v\n", err)
			status = exitTrouble
		}
	} else if err := dest.write(func(w io.Writer) error { return rep.Report(w, res) }); err != nil {
		// The findings must not be lost with the file: they go to stderr,
		// and the run fails.
		fmt.Fprintf(stderr, "hfscan: %v; the findings follow\n", err)
		fallback := &reporters.Text{Options: reporters.Options{ShowSecrets: c.showSecrets, Quiet: true}}
		fallback.Report(stderr, res)
		status = exitTrouble
	}
	// A text report on stdout carries its own summary. Otherwise the summary
	// goes to stderr, so that pipes get clean JSON or SARIF and a gate never
	// fails without saying why. Quiet drops the counts, never the files
	// that were not read or not scanned for their size.
	summaryOnStderr := c.format != "text" || c.output != ""
	switch {
	case summaryOnStderr && !c.quiet:
		reporters.Summary(stderr, res, c.colorOn(stderr))
	case c.quiet:
		reporters.Unscanned(stderr, res)
	}
	return status
}

// writeRuleList prints --list-rules as text or JSON, to stdout or -o.
func (c *config) writeRuleList(table []*rules.Rule, stdout, stderr io.Writer) int {
	var write func(io.Writer) error
	switch c.format {
	case "text":
		write = func(w io.Writer) error { return reporters.RuleList(w, table) }
	case "json":
		write = func(w io.Writer) error { return reporters.RuleListJSON(w, table) }
	default:
		fmt.Fprintf(stderr, "hfscan: --list-rules prints text or json, not %q\n", c.format)
		return exitTrouble
	}
	var err error
	if c.output == "" {
		err = write(stdout)
	} else {
		var dest *reportFile
		if dest, err = openReport(c.output, false); err == nil {
			err = dest.write(write)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "hfscan: %v\n", err)
		return exitTrouble
	}
	return exitClean
}

// readReport reads the --from-json reports, merged into one result (the
// shards of a matrix scan). One written with --show-secrets is converted
// only with --show-secrets: what it holds in full cannot be redacted again
// with certainty.
func (c *config) readReport(table []*rules.Rule) (*findings.Result, error) {
	var res *findings.Result
	for _, path := range c.fromJSON {
		one, err := readOneReport(path, table, c.showSecrets)
		if err != nil {
			return nil, err
		}
		if res == nil {
			res = one
			continue
		}
		res.Rules = unionRules(table, res.Rules, one.Rules)
		res.Merge(one)
		res.Stats.Duration += one.Stats.Duration
		res.Stats.Baselined += one.Stats.Baselined
		if res.Provenance == nil || one.Provenance == nil || *res.Provenance != *one.Provenance {
			res.Provenance = nil // a merge of several repositories names none
		}
	}
	res.Sort()
	return res, nil
}

func readOneReport(path string, table []*rules.Rule, showSecrets bool) (*findings.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	res, full, err := reporters.ReadJSON(f, table)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if full && !showSecrets {
		return nil, fmt.Errorf("%s holds secrets in full (it was written with --show-secrets); convert it with --show-secrets", path)
	}
	return res, nil
}

// unionRules is the rules of a and b, in table order.
func unionRules(table, a, b []*rules.Rule) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range table {
		if slices.Contains(a, r) || slices.Contains(b, r) {
			out = append(out, r)
		}
	}
	return out
}

// pathArgs are the PATH arguments. A "-" before "--" is standard input;
// after "--" it is a file named "-": the pre-commit framework ends the
// options with "--" and then names staged files, and a staged file named
// "-" must be read, not standard input.
func pathArgs(fs *pflag.FlagSet) []string {
	args := fs.Args()
	dash := fs.ArgsLenAtDash()
	if dash < 0 {
		return args
	}
	out := slices.Clone(args)
	for i := dash; i < len(out); i++ {
		if out[i] == scanner.StdinPath {
			out[i] = "." + string(filepath.Separator) + out[i]
		}
	}
	return out
}

// flagsThatAreFiles refuses an option that is also the name of a file
// here. The pre-commit framework appends staged file names to the hook's
// arguments, so a committed file named "--fail-on=never" would otherwise
// turn the gate off; the hook ends its options with "--", and this catches
// a hook whose arguments were overridden without it.
func flagsThatAreFiles(args []string) error {
	for _, a := range args {
		if a == "--" {
			return nil
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		if _, err := os.Lstat(a); err == nil {
			return fmt.Errorf("%q is an option and also a file here; put \"--\" before file names (hfscan [flags] -- PATH ...)", a)
		}
	}
	return nil
}

// gcPolicy makes the collector run by a memory ceiling instead of by heap
// growth: a scan makes garbage fast and keeps little, and with the default
// GOGC the small live heap is collected every few megabytes (a fifth of the
// run time on the corpus). The ceiling starts at 40 MiB and rises with the
// largest file read, so a big file is not collected over and over. (The
// workers' read buffers live outside the heap, in huge pages: 8 MiB on
// two cores that the ceiling no longer counts.) GOGC or
// GOMEMLIMIT set in the environment win; then it returns nil.
func gcPolicy() func(size int) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	const base = 40 << 20
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(base)
	var largest atomic.Int64
	return func(size int) {
		for {
			cur := largest.Load()
			if int64(size) <= cur {
				return
			}
			if largest.CompareAndSwap(cur, int64(size)) {
				debug.SetMemoryLimit(max(base, 32<<20+4*int64(size)))
				return
			}
		}
	}
}

// explainRule prints the help of the rule named id (hfscan --explain).
func explainRule(table []*rules.Rule, id string, stdout, stderr io.Writer) int {
	for _, r := range table {
		if r.ID == id {
			if err := reporters.Explain(stdout, r); err != nil {
				fmt.Fprintf(stderr, "hfscan: %v\n", err)
				return exitTrouble
			}
			return exitClean
		}
	}
	fmt.Fprintf(stderr, "hfscan: --explain: no rule %q\nRun 'hfscan --list-rules' for the rule ids.\n", id)
	return exitTrouble
}

// historyOptions turns --history, --since and --range into the revisions
// to scan; --since and --range imply --history.
func (c *config) historyOptions(paths []string) (*scanner.History, error) {
	if !c.history && c.since == "" && c.revRange == "" {
		return nil, nil
	}
	switch {
	case c.staged:
		return nil, errors.New("--staged and --history cannot be combined")
	case c.since != "" && c.revRange != "":
		return nil, errors.New("--since and --range cannot be combined")
	case len(paths) > 1:
		return nil, errors.New("--history takes one repository PATH")
	case strings.HasPrefix(c.since, "-") || strings.HasPrefix(c.revRange, "-"):
		return nil, errors.New("a revision cannot start with '-'")
	case c.revRange != "" && !strings.Contains(c.revRange, ".."):
		return nil, fmt.Errorf("--range %q: want A..B", c.revRange)
	}
	h := &scanner.History{Repo: ".", Revs: []string{"--all"}, Exclude: c.exclude}
	if len(paths) == 1 {
		h.Repo = paths[0]
	}
	if c.since != "" {
		h.Revs = []string{"--all", "^" + c.since}
	}
	if c.revRange != "" {
		h.Revs = []string{c.revRange}
	}
	return h, nil
}

// scanOptions turns the flags into what to scan (the source) and how.
func (c *config) scanOptions(stdin io.Reader, paths []string) (scanner.Options, scanner.Source, rules.Level, error) {
	var failOn rules.Level // 0: never
	if c.failOn != "never" {
		var err error
		if failOn, err = rules.ParseLevel(c.failOn); err != nil {
			return scanner.Options{}, nil, 0, fmt.Errorf("--fail-on: unknown level %q (want error, warning, note or never)", c.failOn)
		}
	}
	maxSize, err := parseSize(c.maxSize)
	if err != nil {
		return scanner.Options{}, nil, 0, fmt.Errorf("--max-file-size: %w", err)
	}
	opts := scanner.Options{Jobs: int(c.jobs), MaxFileSize: maxSize, Stdin: stdin}
	history, err := c.historyOptions(paths)
	if err != nil {
		return scanner.Options{}, nil, 0, err
	}
	if len(c.fromJSON) > 0 && (len(paths) > 0 || c.staged || history != nil || c.stdinName != "") {
		return scanner.Options{}, nil, 0, errors.New("--from-json converts a saved report: it takes no PATH and no --staged, --history or --stdin-filename")
	}
	var src scanner.Source
	switch {
	case history != nil:
		src = history
	case c.staged:
		src = &scanner.Staged{Paths: paths, Exclude: c.exclude, NoGitignore: c.noGitignore}
	default:
		if len(paths) == 0 {
			paths = []string{"."}
		}
		src = &scanner.Paths{Paths: paths, Exclude: c.exclude, NoGitignore: c.noGitignore, StdinName: c.stdinName}
	}
	// SOURCE_DATE_EPOCH asks for reproducible output: no wall-clock time in
	// the report, so two runs give the same bytes.
	if epoch, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		sec, _ := strconv.ParseInt(epoch, 10, 64)
		fixed := time.Unix(sec, 0)
		opts.Now = func() time.Time { return fixed }
	}
	return opts, src, failOn, nil
}

func (c *config) colorFor(stdout io.Writer) (bool, error) {
	switch c.color {
	case "always", "never", "auto":
	default:
		return false, fmt.Errorf("--color: unknown value %q (want auto, always or never)", c.color)
	}
	return c.output == "" && c.colorOn(stdout), nil
}

// colorOn says whether w gets colour: always, never, or (auto) when it is
// a terminal and NO_COLOR is unset.
func (c *config) colorOn(w io.Writer) bool {
	switch c.color {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	return isTerminal(w)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func readBaseline(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	known, err := reporters.ReadBaseline(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return known, nil
}

func exitStatus(res *findings.Result, failOn rules.Level, failTooLarge bool) int {
	if len(res.Errors) > 0 {
		return exitTrouble
	}
	if failTooLarge {
		for _, sk := range res.Skipped {
			if sk.Reason == findings.SkipTooLarge {
				return exitTrouble
			}
		}
	}
	if failOn != 0 {
		for _, f := range res.Findings {
			if f.Rule.Level >= failOn {
				return exitFindings
			}
		}
	}
	return exitClean
}

// selectRules applies --enable (keep only these) and --disable (drop
// these); an id that names no rule is an error, not a silent no-op.
func selectRules(table []*rules.Rule, enable, disable []string) ([]*rules.Rule, error) {
	known := map[string]bool{}
	for _, r := range table {
		known[r.ID] = true
	}
	pick := func(flag string, ids []string) (map[string]bool, error) {
		set := map[string]bool{}
		for _, id := range ids {
			id = strings.TrimSpace(id)
			if !known[id] {
				return nil, fmt.Errorf("--%s: unknown rule %q", flag, id)
			}
			set[id] = true
		}
		return set, nil
	}
	on, err := pick("enable", enable)
	if err != nil {
		return nil, err
	}
	off, err := pick("disable", disable)
	if err != nil {
		return nil, err
	}
	var out []*rules.Rule
	for _, r := range table {
		if (len(on) == 0 || on[r.ID]) && !off[r.ID] {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("--enable and --disable leave no rule to run")
	}
	return out, nil
}

// parseSize reads "50MiB", "10MB", "512k" or a plain byte count. K, M and G
// alone are binary units, as in most command-line tools; KB, MB, GB are
// decimal.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') {
		i--
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	mult := map[string]float64{
		"": 1, "b": 1,
		"k": 1 << 10, "kib": 1 << 10, "kb": 1e3,
		"m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1e9,
	}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("bad size unit in %q (use B, KiB, MiB, GiB, KB, MB or GB)", s)
	}
	return int64(n * mult), nil
}

// versionString is the ldflags version of a release, else what the Go
// toolchain stamped (a module version for go install, a VCS revision for a
// build in a checkout).
func versionString() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return strings.TrimPrefix(v, "v")
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	v := "devel-" + rev[:min(12, len(rev))]
	if dirty {
		v += "-dirty"
	}
	return v
}
