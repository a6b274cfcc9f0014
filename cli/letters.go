package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"associateplanner/letters"
	"associateplanner/model"
)

func runLetters(ctx context.Context, c *call) error {
	out, ok := c.values["--out"]
	if !ok {
		return fmt.Errorf("letters needs --out DIR: %w", errUsage)
	}
	statuses := letters.DefaultStatuses
	if list, ok := c.values["--status"]; ok {
		statuses = nil
		for _, s := range strings.Split(list, ",") {
			st, err := model.ParseAssignmentStatus(s)
			if err != nil {
				return fmt.Errorf("--status: %v: %w", err, errUsage) // a mistyped option is wrong usage
			}
			statuses = append(statuses, st)
		}
	}
	opt := letters.Options{Dir: out, Request: c.values["--request"], Statuses: statuses, Force: c.flags["--force"],
		Combined: c.flags["--combined"]}
	if path, ok := c.values["--template"]; ok {
		text, err := os.ReadFile(path)
		if err != nil {
			return model.Errorf(model.EINVALID, "letter template %s: %v", path, err)
		}
		if err := letters.Validate(string(text)); err != nil {
			return model.Errorf(model.EINVALID, "letter template %s: %s", path, model.ErrorMessage(err))
		}
		opt.Template = string(text)
	}
	if progress := c.progress(); progress != nil {
		opt.Progress = func(done, total int) { progress("Writing letters", done-1, total) }
	}
	files, err := c.desk.WriteLetters(ctx, opt)
	c.endProgress()
	if model.ErrorCode(err) == model.EEXISTS {
		return model.Errorf(model.EEXISTS, "%s: use --force to replace them", model.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.env.Stdout, "%d letter(s) written to %s\n", len(files), out)
	return nil
}
