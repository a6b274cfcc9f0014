#!/usr/bin/env bash
# Builds the release packages into dist/ from this Linux machine (`make dist`):
#   associate-planner-VERSION-windows-amd64.zip  the app (no console window) and the
#       command line, both with icon and version resource, READ-ME.txt and the font licence;
#   associate-planner-VERSION-linux-amd64.tar.xz  made by `go tool fyne package -os linux`
#       (binary, .desktop file, icon, and a Makefile that installs them) and the font licence;
#   SHA256SUMS for both.
# The same commit gives the same bytes: paths trimmed, no VCS stamp or build time in the
# binaries, every archive entry dated at the commit, owned by root and sorted by name.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
commit=$(git rev-parse --short HEAD)
if ! git diff --quiet HEAD --; then
	echo "dist: warning: uncommitted changes are built in, under commit $commit" >&2
fi
IFS=. read -r major minor patch <<<"$version"
export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
export TZ=UTC LC_ALL=C
umask 022

work=$(mktemp -d)
syso=rsrc_windows_amd64.syso # beside main.go, where go build links it into the Windows binaries
# On any exit: no resource left beside main.go, and FyneApp.toml as committed (see linux).
trap '[ -f "$work/FyneApp.toml" ] && cp "$work/FyneApp.toml" FyneApp.toml; rm -rf "$work" "$syso"' EXIT
rm -rf dist
mkdir -p dist

goflags=(-trimpath -buildvcs=false)
ldflags="-s -w -X main.commit=$commit"

# stamp gives every file under $1 the commit's time, so archives do not record build times.
stamp() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

# crlf copies text file $1 to $2 with Windows line endings and this release's version.
crlf() { sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' "$1" >"$2"; }

# fill copies $1 to $2 with the @…@ fields filled in for executable $3, described as $4.
fill() {
	sed -e "s/@MAJOR@/$major/g" -e "s/@MINOR@/$minor/g" -e "s/@PATCH@/$patch/g" -e "s/@BUILD@/$build/g" \
		-e "s/@VERSION@/$version/g" -e "s/@COMMIT@/$commit/g" -e "s/@EXE@/$3/g" -e "s/@DESCRIPTION@/$4/g" \
		"$1" >"$2"
}

# windows_exe builds $1 (an .exe path) described as $2, with extra linker flags $3.
windows_exe() {
	local exe=$(basename "$1")
	fill packaging/windows/app.rc.in "$work/app.rc" "$exe" "$2"
	fill packaging/windows/app.manifest "$work/app.manifest" "$exe" "$2"
	x86_64-w64-mingw32-windres -I "$work" "$work/app.rc" -O coff -o "$syso"
	echo "dist: $exe"
	CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
		go build "${goflags[@]}" -ldflags "$ldflags $3" -o "$1" .
	rm -f "$syso"
}

windows() {
	local name="Associate Planner"
	local dir="$work/windows/$name"
	mkdir -p "$dir"
	convert icons/app.png -define icon:auto-resize=256,64,48,32,16 "$work/app.ico"
	windows_exe "$dir/$name.exe" "$name" "-H windowsgui"
	windows_exe "$dir/associate-planner.exe" "$name (command line)" ""
	crlf packaging/windows/READ-ME.txt "$dir/READ-ME.txt"
	crlf letters/fonts/OFL.txt "$dir/Noto Sans licence.txt"
	stamp "$work/windows"
	(cd "$work/windows" && find "$name" -type f | sort |
		zip -X -D -q -9 "$OLDPWD/dist/associate-planner-$version-windows-amd64.zip" -@)
}

linux() {
	local dir="$work/linux"
	mkdir -p "$dir/pkg"
	echo "dist: linux"
	CGO_ENABLED=1 go build "${goflags[@]}" -ldflags "$ldflags" -o "$dir/associate-planner" .
	# fyne package counts up the Build in FyneApp.toml after packaging: a release is built
	# from the commit as it is, so the file is put back.
	cp FyneApp.toml "$work/FyneApp.toml"
	go tool fyne package -os linux --release --executable "$dir/associate-planner" --icon icons/app.png
	cp "$work/FyneApp.toml" FyneApp.toml
	# It names the archive after the app and dates its entries now: unpack it and pack it
	# again, dated at the commit.
	tar -xJf "Associate Planner.tar.xz" -C "$dir/pkg"
	rm "Associate Planner.tar.xz"
	cp letters/fonts/OFL.txt "$dir/pkg/Noto-Sans-OFL.txt"
	stamp "$dir/pkg"
	tar --sort=name --owner=0 --group=0 --numeric-owner --format=gnu -C "$dir/pkg" -cf - usr Makefile Noto-Sans-OFL.txt |
		xz -9 -T1 >"dist/associate-planner-$version-linux-amd64.tar.xz"
}

windows
linux
(cd dist && sha256sum -- *.zip *.tar.xz >SHA256SUMS)
cat dist/SHA256SUMS
