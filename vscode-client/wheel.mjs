// Build the server's wheel from the repository (the folder above this one) into server/, for the
// .vsix to carry: with no server found, the extension installs it into a private environment.
// The Python: $BA_PYTHON, else the repository's .venv, else python3; it needs setuptools>=77
// (the `test` extra), as the wheel is built without an isolated build environment.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "..");
const venv = path.join(repo, ".venv", process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
const python = process.env.BA_PYTHON || (fs.existsSync(venv) ? venv : "python3");
const out = path.join(here, "server");
fs.rmSync(out, { recursive: true, force: true });
// built from a copy of what the sdist holds: an in-tree build would reuse a stale build/ folder
const tree = fs.mkdtempSync(path.join(os.tmpdir(), "ba-wheel-"));
const skip = (src) => !/(__pycache__|\.egg-info|\.pyc)$/.test(src);
for (const name of ["pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "server", "agents"]) {
  fs.cpSync(path.join(repo, name), path.join(tree, name), { recursive: true, filter: skip });
}
try {
  execFileSync(
    python,
    ["-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", out, tree],
    { stdio: "inherit" },
  );
} finally {
  fs.rmSync(tree, { recursive: true, force: true });
}
const wheels = fs.readdirSync(out).filter((f) => f.endsWith(".whl"));
if (wheels.length !== 1) {
  throw new Error(`expected one wheel in ${out}, found ${wheels.join(", ") || "none"}`);
}
console.log(`server/${wheels[0]}`);
