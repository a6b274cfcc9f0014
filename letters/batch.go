package letters

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"associateplanner/atomicfile"
	"associateplanner/model"
)

// DefaultStatuses are the assignments that get letters unless told otherwise.
var DefaultStatuses = []model.AssignmentStatus{model.Proposed, model.Confirmed}

// Options say which letters to write and where.
type Options struct {
	Dir      string
	Request  string                   // only this request's assignments; "" for all
	Statuses []model.AssignmentStatus // which assignments get letters: at least one
	Force    bool                     // overwrite letters already in Dir
	Combined bool                     // also one PDF per request holding all its letters
	Issued   model.Date
	Template string                // wording to use instead of the register's; "" for the register's
	Progress func(done, total int) // nil for none
	Clock    model.Clock           // when the letters are made, in their PDF details; nil for now
}

// WriteAll writes one agreement per chosen assignment into opt.Dir and returns the files
// written. It writes all of them or none: nothing is written when any target exists and
// Force is not set, when any letter has text the fonts cannot print, or when writing any
// of them fails (a full disk, a kill): the letters are written into a hidden folder first
// and moved into place only when all are there. What a killed batch left is swept away
// by the next.
func WriteAll(d *model.Data, opt Options) ([]string, error) {
	settings := d.Settings
	if opt.Template != "" {
		settings.LetterTemplate = opt.Template
	}
	t, err := templateFor(settings)
	if err != nil {
		return nil, err
	}
	ls, err := choose(d, opt)
	if err != nil {
		return nil, err
	}
	if err := checkPrintable(t, ls); err != nil {
		return nil, err
	}
	jobs := plan(ls, opt)
	if err := prepare(opt.Dir, jobs, opt.Force); err != nil {
		return nil, err
	}
	counts, err := pageCounts(t, ls)
	if err != nil {
		return nil, err
	}
	pages := make(map[*Letter]int, len(ls))
	for i, l := range ls {
		pages[l] = counts[i]
	}
	return writeBatch(opt.Dir, jobs, t, pages, opt.Progress)
}

// writeBatch writes every job into a hidden folder in dir, then moves them into place.
func writeBatch(dir string, jobs []job, t *Template, pages map[*Letter]int, progress func(done, total int)) ([]string, error) {
	stage, err := atomicfile.TempDir(dir, "letters")
	if err != nil {
		return nil, atomicfile.Explain(dir, err)
	}
	defer os.RemoveAll(stage)
	staged := make([]job, len(jobs))
	for i, j := range jobs {
		staged[i] = job{filepath.Join(stage, filepath.Base(j.path)), j.letters, j.created}
	}
	if err := runJobs(staged, t, pages, progress); err != nil {
		return nil, fmt.Errorf("%w (no letters were written)", err)
	}
	written := make([]string, 0, len(jobs))
	for i, j := range jobs {
		if err := os.Rename(staged[i].path, j.path); err != nil {
			// Every target was checked before: only the disk, or another program changing
			// the folder meanwhile, fails here. Say exactly what is in place.
			return written, model.Errorf(model.EINVALID, "%s; %d of the %d letters had been put in %s before this, the others were not written",
				model.ErrorMessage(atomicfile.Explain(j.path, err)), len(written), len(jobs), dir)
		}
		written = append(written, j.path)
	}
	slices.Sort(written)
	return written, nil
}

// runJobs writes the PDFs on every core, reporting progress in order of completion. It
// stops at the first failure.
func runJobs(jobs []job, t *Template, pages map[*Letter]int, progress func(done, total int)) error {
	var (
		mu     sync.Mutex
		done   int
		failed error
		next   = make(chan job)
		wg     sync.WaitGroup
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				err := writeJob(j, t, pages)
				mu.Lock()
				if err != nil && failed == nil {
					failed = atomicfile.Explain(j.path, err)
				}
				if err == nil {
					done++
					if progress != nil {
						progress(done, len(jobs))
					}
				}
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		mu.Lock()
		stop := failed != nil
		mu.Unlock()
		if stop {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	return failed
}

// writeJob writes one PDF, new, readable by its owner only, and on disk before it counts.
func writeJob(j job, t *Template, pages map[*Letter]int) error {
	counts := make([]int, len(j.letters))
	for i, l := range j.letters {
		counts[i] = pages[l]
	}
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := write(f, t, j.letters, counts, j.created); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Chosen returns the assignments that get letters: those of the request (all requests for
// "") with one of the statuses, in register order. The count shown before writing and the
// letters written come from this one choice.
func Chosen(d *model.Data, request string, statuses []model.AssignmentStatus) []model.Assignment {
	var out []model.Assignment
	for _, a := range d.Assignments {
		if slices.Contains(statuses, a.Status) && (request == "" || strings.EqualFold(a.RequestRef, request)) {
			out = append(out, a)
		}
	}
	return out
}

// choose builds the letters for the assignments the options pick.
func choose(d *model.Data, opt Options) ([]*Letter, error) {
	if len(opt.Statuses) == 0 {
		return nil, model.Errorf(model.EINVALID, "choose at least one status of assignment to write letters for")
	}
	idx, cal := model.NewIndex(d), model.NewCalendar(d.Closures)
	var out []*Letter
	for _, a := range Chosen(d, opt.Request, opt.Statuses) {
		l, err := NewLetter(d, idx, cal, a, opt.Issued)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		what := "any request"
		if opt.Request != "" {
			what = "request " + opt.Request
		}
		return nil, model.Errorf(model.EINVALID, "no assignments of %s have status %s: plan and commit first", what, statusList(opt.Statuses))
	}
	return out, nil
}

func statusList(s []model.AssignmentStatus) string {
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = string(x)
	}
	return strings.Join(parts, " or ")
}

// job is one PDF to write.
type job struct {
	path    string
	letters []*Letter
	created time.Time // UK time
}

func plan(ls []*Letter, opt Options) []job {
	var jobs []job
	created := opt.Clock.Now().In(model.UK) // letters are dated in UK time
	byRequest := map[string][]*Letter{}
	var order []string
	for i, name := range fileNames(ls) {
		l := ls[i]
		jobs = append(jobs, job{filepath.Join(opt.Dir, name), []*Letter{l}, created})
		if byRequest[l.Request.Ref] == nil {
			order = append(order, l.Request.Ref)
		}
		byRequest[l.Request.Ref] = append(byRequest[l.Request.Ref], l)
	}
	if opt.Combined {
		for _, ref := range order {
			jobs = append(jobs, job{filepath.Join(opt.Dir, combinedName(ref)), byRequest[ref], created})
		}
	}
	return jobs
}

// prepare makes the folder (private: the letters hold personal data) and checks every
// target before anything is written: a target that is not an ordinary file (a folder, a
// device, a database) is never replaced, forced or not, and letters already there are
// replaced only when forced. Every target must lie directly in dir.
func prepare(dir string, jobs []job, force bool) error {
	if dir == "" {
		return model.Errorf(model.EINVALID, "say where the letters go (--out DIR)")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return model.Errorf(model.EINVALID, "cannot create %s: %v", dir, errors.Unwrap(err))
	}
	atomicfile.Sweep(dir) // what a killed batch left
	var existing []string
	for _, j := range jobs {
		if filepath.Dir(j.path) != filepath.Clean(dir) {
			return fmt.Errorf("letter file %q escapes %s", j.path, dir) // safeName makes this impossible
		}
		if err := atomicfile.CheckTarget(j.path); err != nil {
			return model.Errorf(model.EINVALID, "%s, so no letters were written: move it away, or write the letters to another folder", model.ErrorMessage(err))
		}
		if _, err := os.Lstat(j.path); err == nil {
			existing = append(existing, filepath.Base(j.path))
		}
	}
	if len(existing) > 0 && !force {
		return model.Errorf(model.EEXISTS, "%d letter(s) already in %s (%s…); nothing was written",
			len(existing), dir, existing[0])
	}
	return nil
}
