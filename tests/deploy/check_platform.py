#!/usr/bin/python3
"""Checks the deployment files against each other and against the real `pft`.

Usage: check_platform.py SOURCE_DIR PFT_BINARY WORK_DIR
       check_platform.py --self-test PFT_BINARY SOURCE_DIR

Checks (issue #13):
  - fly.toml and render.yaml parse; their ports, health paths, volume and
    kill signal agree with the Dockerfile; secrets are never given a value;
  - the four workflows exist with their triggers, concurrency and schedule;
    no `${{ }}` inside a `run:` block (inputs and secrets go through env:),
    secrets are read only as `${{ secrets.X }}` and never echoed; every
    `run:` block is written to WORK_DIR/run-blocks/ for shellcheck;
  - every `pft …` command that these files, the Dockerfile, the README
    « Deploy » section and the runbook « Déploiement » section name exists:
    subcommands and options are checked against the real `pft --help` and
    `pft CMD --help`; every `make TARGET VAR=…` against the Makefile; every
    scripts/… path exists and is executable.
--self-test proves the command checker rejects wrong commands.
Prints one line per problem; exit 0 when there is none, 1 otherwise.
Debian's python3 (/usr/bin/python3) with python3-yaml; tomllib is standard.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib

import yaml

GLOBAL_OPTIONS_WITH_VALUE = {"--env-file", "--now", "--log-level"}
SECRET_NAMES = {"DATABASE_URL", "ADMIN_PASSWORD", "SLACK_WEBHOOK_URL", "GEOCODER_USER_AGENT",
                "FLY_API_TOKEN", "RENDER_DEPLOY_HOOK_URL"}
SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", ">", ">>", "<", "2>", "|&", ";;"}


class PftHelp:
    """Subcommands and options of the real binary, read from its --help."""

    def __init__(self, binary):
        self.binary = binary
        self.cache = {}

    def help(self, path):
        key = tuple(path)
        if key not in self.cache:
            r = subprocess.run([self.binary, *path, "--help"], capture_output=True, text=True)
            self.cache[key] = (r.returncode, r.stdout + r.stderr)
        return self.cache[key]

    def subcommands(self, path):
        code, text = self.help(path)
        if code != 0:
            return None
        subs, inside = set(), False
        for line in text.splitlines():
            if line.startswith("Subcommands:"):
                inside = True
                continue
            if inside:
                m = re.match(r"^  (\S+)\s{2,}", line)
                if m:
                    subs.add(m.group(1))
        return subs

    def options(self, path):
        code, text = self.help(path)
        if code != 0:
            return None
        opts = set()
        for line in text.splitlines():
            m = re.match(r"^\s+(?:-\w,)?(--[A-Za-z0-9-]+)", line)
            if m:
                opts.add(m.group(1))
        return opts


def check_pft(args, help_, where):
    """args: the words after `pft`. Returns a list of problems."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        name = args[i].split("=", 1)[0]
        if name not in GLOBAL_OPTIONS_WITH_VALUE and name not in ("-h", "--help"):
            return [f"{where}: pft {' '.join(args)}: unknown global option {name}"]
        i += 1 if "=" in args[i] or name in ("-h", "--help") else 2
    if i >= len(args):
        return [f"{where}: pft {' '.join(args)}: no subcommand"]
    path = []
    subs = help_.subcommands([])
    while i < len(args) and subs:
        if args[i] not in subs:
            return [f"{where}: pft {' '.join(args)}: '{args[i]}' is not a subcommand of "
                    f"pft {' '.join(path)} (pft {' '.join(path)} --help lists {sorted(subs)})".replace("pft  ", "pft ")]
        path.append(args[i])
        i += 1
        subs = help_.subcommands(path)
    if subs:
        return [f"{where}: pft {' '.join(args)}: pft {' '.join(path)} needs a subcommand ({sorted(subs)})"]
    opts = help_.options(path)
    problems = []
    for a in args[i:]:
        if a.startswith("--"):
            name = a.split("=", 1)[0]
            if name not in opts:
                problems.append(f"{where}: pft {' '.join(args)}: pft {' '.join(path)} has no option {name}")
    return problems


def makefile_facts(src):
    text = open(os.path.join(src, "Makefile"), encoding="utf-8").read()
    targets = set()
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z0-9_.\- ]+):(?!=)", line)
        if m:
            targets.update(m.group(1).split())
        if line.startswith(".PHONY:"):
            targets.update(line.split(":", 1)[1].split())
    variables = set(re.findall(r"\$\(([A-Z_][A-Z0-9_]*)\)", text))
    return targets, variables


def check_make(args, facts, where):
    targets, variables = facts
    problems = []
    for a in args:
        if a.startswith("-"):
            continue
        if "=" in a:
            var = a.split("=", 1)[0]
            if var not in variables:
                problems.append(f"{where}: make {' '.join(args)}: the Makefile does not use {var}")
        elif a not in targets:
            problems.append(f"{where}: make {' '.join(args)}: no target '{a}' in the Makefile")
    return problems


def words_of_line(line):
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


def commands_in_shell(text, where):
    """Yields (kind, args, where) for each pft / make / scripts command in a shell text."""
    text = text.replace("\\\n", " ")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        try:
            words = words_of_line(line)
        except ValueError as e:
            yield ("error", [f"cannot read shell line '{line.strip()}': {e}"], f"{where}:{n}")
            continue
        yield from commands_in_words(words, f"{where}:{n}")


KEYWORDS = {"if", "then", "else", "elif", "do", "while", "until", "!", "exec", "time", "{", "nice"}


def commands_in_words(words, where):
    """pft / make at a command position: first word of a simple command, or
    the command of a container run (`docker run … IMAGE pft …`, where the
    image is called pft too), or a quoted command handed to another program
    (`fly ssh console -C 'pft …'`)."""
    at_start = True
    for i, w in enumerate(words):
        if w.startswith("pft ") or w.startswith("make "):
            yield from commands_in_words(shlex.split(w), where)
        if re.match(r"^(\./)?scripts/[\w.-]+$", w):
            yield ("script", [w], where)
        is_pft = w == "pft" or w.endswith("/pft")
        container_cmd = is_pft and i > 0 and words[i - 1] == "pft" and "run" in words[:i]
        if (at_start and (is_pft or w == "make")) or container_cmd:
            args = []
            for x in words[i + 1:]:
                if x in SEPARATORS:
                    break
                args.append(x)
            yield ("make" if w == "make" else "pft", args, where)
        if w in SEPARATORS or w in KEYWORDS:
            at_start = True
        elif at_start and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", w):
            at_start = True  # VAR=value before the command
        else:
            at_start = False


def check_commands(commands, help_, facts, src):
    problems, seen = [], 0
    for kind, args, where in commands:
        if kind == "error":
            problems.append(f"{where}: {args[0]}")
        elif kind == "pft":
            seen += 1
            problems += check_pft(args, help_, where)
        elif kind == "make":
            seen += 1
            problems += check_make(args, facts, where)
        elif kind == "script":
            path = os.path.join(src, args[0].removeprefix("./"))
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                problems.append(f"{where}: {args[0]} is not an executable file of the repository")
    return problems, seen


def dockerfile_facts(src):
    text = open(os.path.join(src, "Dockerfile"), encoding="utf-8").read()
    joined = text.replace("\\\n", " ")
    facts = {"text": text, "lines": [l.strip() for l in joined.splitlines() if l.strip() and not l.strip().startswith("#")]}
    for line in facts["lines"]:
        word, _, rest = line.partition(" ")
        word = word.upper()
        if word == "FROM":
            facts.setdefault("from", []).append(rest.split()[0])
        elif word == "EXPOSE":
            facts["expose"] = int(rest.split()[0].split("/")[0])
        elif word == "ENV":
            for m in re.finditer(r"(\w+)=(\S+)", rest):
                facts.setdefault("env", {})[m.group(1)] = m.group(2)
        elif word == "VOLUME":
            facts["volume"] = rest.strip()
        elif word == "USER":
            facts["user"] = rest.strip()
        elif word == "CMD":
            facts["cmd"] = json.loads(rest)
        elif word == "HEALTHCHECK":
            m = re.search(r"http://127\.0\.0\.1:\$\{PORT:-(\d+)\}(/\S*?)[\"' ]", rest)
            facts["health"] = (int(m.group(1)), m.group(2)) if m else None
    return facts


def check_dockerfile(d):
    p = []
    if d["text"].lstrip().startswith("# syntax="):
        p.append("Dockerfile: no '# syntax=' line (the image must build with any builder)")
    if not d.get("from") or d["from"][0] != "debian:bookworm-slim" or d["from"][-1] != "debian:bookworm-slim":
        p.append(f"Dockerfile: every stage must start FROM debian:bookworm-slim, found {d.get('from')}")
    if len(d.get("from", [])) < 2:
        p.append("Dockerfile: multi-stage build expected (build, then runtime)")
    port = d.get("expose")
    if str(port) != d.get("env", {}).get("PORT"):
        p.append(f"Dockerfile: EXPOSE {port} and ENV PORT={d.get('env', {}).get('PORT')} disagree")
    if d.get("env", {}).get("HOST") != "0.0.0.0":
        p.append("Dockerfile: ENV HOST=0.0.0.0 expected (the platform's proxy connects from outside)")
    if not d.get("health") or d["health"] != (port, "/health"):
        p.append(f"Dockerfile: HEALTHCHECK must GET /health on ${{PORT:-{port}}}, found {d.get('health')}")
    if d.get("user") in (None, "root", "0"):
        p.append("Dockerfile: the runtime stage must run as a non-root USER")
    if d.get("cmd") != ["pft", "serve"]:
        p.append(f"Dockerfile: CMD [\"pft\", \"serve\"] in exec form expected (pft is PID 1), found {d.get('cmd')}")
    if "ENTRYPOINT" in " ".join(l.split()[0].upper() for l in d["lines"]):
        p.append("Dockerfile: no ENTRYPOINT (platforms run one-off commands as `pft …`)")
    return p


def check_fly(src, d, help_, facts):
    path = os.path.join(src, "fly.toml")
    try:
        fly = tomllib.load(open(path, "rb"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        return [f"fly.toml: does not parse: {e}"], []
    p, cmds = [], []
    if not fly.get("app"):
        p.append("fly.toml: app name missing")
    if fly.get("primary_region") != "cdg":
        p.append(f"fly.toml: primary_region should be cdg (Paris), found {fly.get('primary_region')}")
    if fly.get("kill_signal") != "SIGTERM":
        p.append(f"fly.toml: kill_signal should be SIGTERM, found {fly.get('kill_signal')}")
    kill = str(fly.get("kill_timeout", "5s"))
    if int(re.sub(r"\D", "", kill) or 0) < 5:
        p.append(f"fly.toml: kill_timeout {kill} is shorter than pft serve's 4.5 s stop")
    dockerfile = fly.get("build", {}).get("dockerfile", "Dockerfile")
    if not os.path.isfile(os.path.join(src, dockerfile)):
        p.append(f"fly.toml: build.dockerfile {dockerfile} does not exist")
    svc = fly.get("http_service", {})
    if svc.get("internal_port") != d.get("expose"):
        p.append(f"fly.toml: internal_port {svc.get('internal_port')} is not the Dockerfile's EXPOSE {d.get('expose')}")
    if fly.get("env", {}).get("PORT") not in (None, str(d.get("expose"))):
        p.append(f"fly.toml: env PORT {fly['env']['PORT']} is not the Dockerfile's port {d.get('expose')}")
    checks = svc.get("checks", [])
    if not any(c.get("path") == "/health" and c.get("method", "GET").upper() == "GET" for c in checks):
        p.append("fly.toml: http_service needs a GET /health check")
    for m in fly.get("mounts", []) if isinstance(fly.get("mounts"), list) else [fly.get("mounts")]:
        if m and m.get("destination") != d.get("volume"):
            p.append(f"fly.toml: mount destination {m.get('destination')} is not the Dockerfile's VOLUME {d.get('volume')}")
    for key in SECRET_NAMES:
        if key in fly.get("env", {}):
            p.append(f"fly.toml: {key} is a secret: set it with `fly secrets set`, never in [env]")
    release = fly.get("deploy", {}).get("release_command")
    if release:
        cmds += list(commands_in_shell(release, "fly.toml [deploy] release_command"))
    for name, command in fly.get("processes", {}).items():
        cmds += list(commands_in_shell(command, f"fly.toml [processes] {name}"))
    return p, cmds


def check_render(src, d):
    path = os.path.join(src, "render.yaml")
    try:
        render = yaml.safe_load(open(path, encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        return [f"render.yaml: does not parse: {e}"], []
    p, cmds = [], []
    services = render.get("services", [])
    databases = {db.get("name") for db in render.get("databases", [])}
    webs = [s for s in services if s.get("type") == "web"]
    crons = [s for s in services if s.get("type") == "cron"]
    if len(webs) != 1:
        p.append(f"render.yaml: one web service expected, found {len(webs)}")
    if not crons:
        p.append("render.yaml: a cron job for the nightly pft run expected")
    for s in services:
        where = f"render.yaml: service {s.get('name')}"
        if s.get("runtime") != "docker":
            p.append(f"{where}: runtime docker expected")
        if not os.path.isfile(os.path.join(src, s.get("dockerfilePath", "./Dockerfile"))):
            p.append(f"{where}: dockerfilePath {s.get('dockerfilePath')} does not exist")
        env = {e.get("key"): e for e in s.get("envVars", [])}
        for key, e in env.items():
            if key in SECRET_NAMES and "value" in e:
                p.append(f"{where}: {key} is a secret: sync: false or fromDatabase, never a value")
            if "fromDatabase" in e and e["fromDatabase"].get("name") not in databases:
                p.append(f"{where}: {key} comes from database {e['fromDatabase'].get('name')}, not declared")
        if "DATABASE_URL" not in env:
            p.append(f"{where}: DATABASE_URL must be wired (fromDatabase)")
        if s.get("type") == "web":
            if s.get("healthCheckPath") != "/health":
                p.append(f"{where}: healthCheckPath should be /health, found {s.get('healthCheckPath')}")
            if str(env.get("PORT", {}).get("value")) != str(d.get("expose")):
                p.append(f"{where}: PORT {env.get('PORT', {}).get('value')} is not the Dockerfile's port {d.get('expose')}")
            if "dockerCommand" in s:
                cmds += list(commands_in_shell(s["dockerCommand"], f"{where} dockerCommand"))
        if s.get("type") == "cron":
            if not re.match(r"^\S+ \S+ \S+ \S+ \S+$", str(s.get("schedule", ""))):
                p.append(f"{where}: schedule '{s.get('schedule')}' is not a 5-field cron expression")
            if not s.get("dockerCommand", "").startswith("pft run"):
                p.append(f"{where}: dockerCommand should be the nightly `pft run`, found {s.get('dockerCommand')}")
            cmds += list(commands_in_shell(s.get("dockerCommand", ""), f"{where} dockerCommand"))
    for db in render.get("databases", []):
        if str(db.get("postgresMajorVersion", "15")) != "15":
            p.append(f"render.yaml: database {db.get('name')}: PostgreSQL 15 is what the tests run")
    return p, cmds


def check_workflows(src, out_dir):
    wf_dir = os.path.join(src, ".github", "workflows")
    p, cmds, blocks = [], [], 0
    os.makedirs(out_dir, exist_ok=True)
    expected = {"test.yml", "ingest.yml", "deploy.yml", "monitor.yml"}
    present = set(os.listdir(wf_dir)) if os.path.isdir(wf_dir) else set()
    for name in sorted(expected - present):
        p.append(f".github/workflows/{name}: missing")
    for name in sorted(present):
        path = os.path.join(wf_dir, name)
        try:
            wf = yaml.load(open(path, encoding="utf-8"), Loader=yaml.BaseLoader)  # `on:` stays a string key
        except yaml.YAMLError as e:
            p.append(f"{name}: does not parse: {e}")
            continue
        on = wf.get("on", {})
        shell = wf.get("defaults", {}).get("run", {}).get("shell")
        if shell != "bash":
            p.append(f"{name}: defaults.run.shell should be bash (the run blocks are checked as bash)")
        if name == "test.yml" and not ({"push", "pull_request"} <= set(on)):
            p.append(f"{name}: should run on push and pull_request")
        if name == "ingest.yml":
            crons = [s.get("cron") for s in on.get("schedule", [])]
            if crons != ["0 2 * * *"] or "workflow_dispatch" not in on:
                p.append(f"{name}: nightly at 02:00 UTC and by hand expected, found {crons}")
            if wf.get("concurrency", {}).get("cancel-in-progress") != "false" or not wf.get("concurrency", {}).get("group"):
                p.append(f"{name}: a concurrency group that never cancels a running ingestion expected")
        if name == "monitor.yml":
            crons = [s.get("cron") for s in on.get("schedule", [])]
            if len(crons) != 1 or not re.match(r"^\d+ \*/2 \* \* \*$", crons[0]):
                p.append(f"{name}: every 2 hours expected, found {crons}")
        if name == "deploy.yml" and on.get("workflow_run", {}).get("workflows") != ["test"]:
            p.append(f"{name}: should run after the test workflow (workflow_run)")
        for job_name, job in wf.get("jobs", {}).items():
            env_secret = set()
            for scope in [job] + list(job.get("steps", [])):
                for key, value in (scope.get("env") or {}).items():
                    if "secrets." in value:
                        env_secret.add(key)
                        if not re.fullmatch(r"\$\{\{\s*secrets\.\w+(\s*\|\|\s*[\w.']+)?\s*\}\}", value):
                            p.append(f"{name}: job {job_name}: env {key} must be exactly ${{{{ secrets.X }}}}")
                    if key in SECRET_NAMES and "secrets." not in value:
                        p.append(f"{name}: job {job_name}: env {key} is a secret, read it from secrets.{key}")
            for n, step in enumerate(job.get("steps", []), 1):
                run = step.get("run")
                if run is None:
                    continue
                where = f"{name} job {job_name} step {n} ({step.get('name', 'run')})"
                if "${{" in run:
                    p.append(f"{where}: no ${{{{ }}}} inside run: (pass values through env:)")
                for line in run.splitlines():
                    if re.match(r"^\s*(echo|printf)\b", line):
                        for key in env_secret:
                            if re.search(rf"\${{?{key}\b", line):
                                p.append(f"{where}: a secret is echoed: {line.strip()}")
                blocks += 1
                block_file = os.path.join(out_dir, f"{name[:-4]}-{job_name}-{n}.sh")
                with open(block_file, "w", encoding="utf-8") as f:
                    f.write(f"#!/usr/bin/env bash\n# {where}\n{run}")
                cmds += list(commands_in_shell(run, where))
    return p, cmds, blocks


def markdown_section_code(path, heading_regex):
    """Shell code blocks of the section whose heading matches heading_regex
    (up to the next heading of the same or a higher level, outside code)."""
    lines = open(path, encoding="utf-8").read().splitlines()
    level, fence, blocks, current = None, False, [], None
    for line in lines:
        if line.startswith("```"):
            fence = not fence
            if level is not None:
                if fence and line.strip() in ("```", "```sh", "```bash", "```shell"):
                    current = []
                elif not fence and current is not None:
                    blocks.append("\n".join(current))
                    current = None
            continue
        if not fence:
            m = re.match(r"^(#+) (.*)$", line)
            if m and level is None and re.match(heading_regex, m.group(2)):
                level = len(m.group(1))
                continue
            if m and level is not None and len(m.group(1)) <= level:
                break
        elif current is not None:
            current.append(line)
    return None if level is None else "\n".join(blocks)


def main(argv):
    if argv[1:2] == ["--self-test"]:
        return self_test(argv[2], argv[3])
    src, pft, work = argv[1], argv[2], argv[3]
    help_ = PftHelp(pft)
    facts = makefile_facts(src)
    d = dockerfile_facts(src)
    problems = check_dockerfile(d)
    p, fly_cmds = check_fly(src, d, help_, facts)
    problems += p
    p, render_cmds = check_render(src, d)
    problems += p
    p, wf_cmds, blocks = check_workflows(src, os.path.join(work, "run-blocks"))
    problems += p
    docs_cmds = []
    for path, heading in (("README.md", "Deploy"), ("docs/RUNBOOK.md", r"\d*\.? ?Déploiement")):
        code = markdown_section_code(os.path.join(src, path), heading)
        if code is None:
            problems.append(f"{path}: no « {heading} » section")
            continue
        docs_cmds += list(commands_in_shell(code, f"{path} « {heading} »"))
    docker_cmds = [("pft", d.get("cmd", [])[1:], "Dockerfile CMD")] if d.get("cmd", [None])[0] == "pft" else []
    all_cmds = fly_cmds + render_cmds + wf_cmds + docs_cmds + docker_cmds
    p, seen = check_commands(all_cmds, help_, facts, src)
    problems += p
    for kind, cmds in (("workflows", wf_cmds), ("render.yaml", render_cmds), ("README/RUNBOOK", docs_cmds)):
        if not any(k in ("pft", "make") for k, _, _ in cmds):
            problems.append(f"{kind}: no pft or make command found (the extraction is broken?)")
    for line in problems:
        print("FAIL:", line)
    print(f"check_platform: {seen} pft/make commands checked, {blocks} run: blocks written, {len(problems)} problems")
    return 1 if problems else 0


def self_test(pft, src):
    """The checker must reject what is wrong, accept what is right."""
    help_ = PftHelp(pft)
    facts = makefile_facts(src)
    bad = ["pft monitor freshnes", "pft run --catalogue x.yml", "pft", "pft monitor", "pft --verbose run",
           "pft serve --port 8080 --workers 2", "make tests", "make test CTEST_FLAG=x",
           "fly ssh console -C 'pft monitor fresh'", "pft --now 2026-01-01 ingestt",
           "docker run --rm -v v:/app/var pft pft migrat", "LOG_LEVEL=info pft runn", "if pft statuss; then :; fi",
           "true && make tset"]
    good = ["pft run --trigger schedule --source x", "pft --log-level info monitor anomalies --notify",
            "pft serve --port=8080", "make test CMAKE_FLAGS=-DX=1", "fly ssh console -C 'pft monitor freshness'",
            "docker run --rm pft pft migrate", "docker build -t pft ."]
    failures = 0
    for line in bad:
        problems, seen = check_commands(list(commands_in_shell(line, "self-test")), help_, facts, src)
        if not problems or seen == 0:
            print(f"FAIL: self-test: '{line}' was accepted")
            failures += 1
    for line in good:
        problems, _ = check_commands(list(commands_in_shell(line, "self-test")), help_, facts, src)
        if problems:
            print(f"FAIL: self-test: '{line}' was rejected: {problems}")
            failures += 1
    print(f"check_platform self-test: {len(bad)} wrong commands rejected, {len(good)} right ones accepted, "
          f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
