package letters

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

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
}

// WriteAll writes one agreement per chosen assignment into opt.Dir and returns the files
// written. Nothing is written when any target exists and Force is not set.
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
	return runJobs(jobs, t, pages, opt.Progress)
}

// runJobs writes the PDFs on every core, reporting progress in order of completion.
func runJobs(jobs []job, t *Template, pages map[*Letter]int, progress func(done, total int)) ([]string, error) {
	var (
		mu      sync.Mutex
		written []string
		errs    []error
		next    = make(chan job)
		wg      sync.WaitGroup
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				counts := make([]int, len(j.letters))
				for i, l := range j.letters {
					counts[i] = pages[l]
				}
				err := atomicfile.Write(j.path, func(w io.Writer) error { return write(w, t, j.letters, counts) })
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					written = append(written, j.path)
					if progress != nil {
						progress(len(written), len(jobs))
					}
				}
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	slices.Sort(written)
	return written, errors.Join(errs...)
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
}

func plan(ls []*Letter, opt Options) []job {
	var jobs []job
	byRequest := map[string][]*Letter{}
	var order []string
	for _, l := range ls {
		jobs = append(jobs, job{filepath.Join(opt.Dir, l.FileName()), []*Letter{l}})
		if byRequest[l.Request.Ref] == nil {
			order = append(order, l.Request.Ref)
		}
		byRequest[l.Request.Ref] = append(byRequest[l.Request.Ref], l)
	}
	if opt.Combined {
		for _, ref := range order {
			jobs = append(jobs, job{filepath.Join(opt.Dir, safeName(ref)+"_all.pdf"), byRequest[ref]})
		}
	}
	return jobs
}

// prepare makes the folder (private: the letters hold personal data) and refuses to
// overwrite letters unless forced. Every target must lie directly in dir.
func prepare(dir string, jobs []job, force bool) error {
	if dir == "" {
		return model.Errorf(model.EINVALID, "say where the letters go (--out DIR)")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return model.Errorf(model.EINVALID, "cannot create %s: %v", dir, errors.Unwrap(err))
	}
	var existing []string
	for _, j := range jobs {
		if filepath.Dir(j.path) != filepath.Clean(dir) {
			return fmt.Errorf("letter file %q escapes %s", j.path, dir) // safeName makes this impossible
		}
		if _, err := os.Stat(j.path); err == nil {
			existing = append(existing, filepath.Base(j.path))
		}
	}
	if len(existing) > 0 && !force {
		return model.Errorf(model.EEXISTS, "%d letter(s) already in %s (%s…); nothing was written",
			len(existing), dir, existing[0])
	}
	return nil
}
