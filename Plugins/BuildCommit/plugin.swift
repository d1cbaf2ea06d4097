import Foundation
import PackagePlugin

/// Records the git commit the binary is built from, at build time, in a generated Swift file of the target it is
/// applied to (`BuildCommit.swift`: `let buildGitCommit: String?`): run records then name the commit of the code that
/// ran, not whatever the checkout's HEAD is when the binary runs (a binary built yesterday, a checkout moved since).
///
/// A prebuild command, so it runs on every `swift build` (and `make`, which calls it): `git rev-parse HEAD` of the
/// package, "-dirty" when tracked files outside Plots/ and other than Markdown differ from it (the chapters rewrite
/// Plots/ themselves; README and plans do not change the binary), and nil outside a git checkout (a source tarball).
/// The file is rewritten only when its text changes, so an unchanged commit recompiles nothing.
///
/// SwiftPM runs prebuild commands when it plans the build, which it skips when no source or manifest changed since
/// the last one: after a commit of Markdown alone, the binary keeps the commit it was planned at, whose code is the
/// same. The Markdown exclusion keeps such an edit from marking the binary "-dirty".
@main
struct BuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        let script = #"""
            set -u
            package="$1"; folder="$2"; file="$folder/BuildCommit.swift"
            mkdir -p "$folder"
            if commit=$(git -C "$package" rev-parse HEAD 2>/dev/null); then
                if [ -n "$(git -C "$package" status --porcelain --untracked-files=no -- . ':(exclude)Plots' ':(exclude)*.md' 2>/dev/null)" ]; then
                    commit="$commit-dirty"
                fi
                value="\"$commit\""
            else
                value="nil"
            fi
            text="// Generated at build time by the BuildCommit plugin (Plugins/BuildCommit): do not edit.
            /// The git commit this binary was built from (\"-dirty\": with uncommitted changes); nil: built outside git.
            let buildGitCommit: String? = $value"
            [ -f "$file" ] && [ "$(cat "$file")" = "$text" ] || printf '%s\n' "$text" > "$file"
            """#
        return [.prebuildCommand(displayName: "Recording the git commit of \(target.name)",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "build-commit", context.package.directoryURL.path, output.path],
                                 outputFilesDirectory: output)]
    }
}
