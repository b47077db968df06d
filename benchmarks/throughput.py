"""HTTP: `/sparql` and the pages under 8 concurrent clients, beside `oxigraph serve-read-only`.

    python -m benchmarks.throughput --store DIR [--clients 8] [--seconds 20] [--runs 3]

Each client is a thread holding one keep-alive connection and sending the next request as soon
as the last answer is read in full; the same client code drives both servers, alternately, run
after run. Workloads:

- lookup: the named query `framework-gradings` for one framework (its parameter written into the
  text, as the store does), the same text to both servers;
- simple: a plain SELECT of ten statements' text, the same text to both servers;
- aggregate: the named query `grades-count` (it reads the summary graph), the same text to both;
- count: a whole-graph count of every statement, which the server must really compute;
- entity page and wheel page: therapykg only (a page has no counterpart on a bare endpoint),
  beside Oxigraph answering the DESCRIBE of the same entity.

Both servers read the same on-disk store, one after the other; therapykg runs as `therapykg
serve` does. Prints one JSON line per measurement and saves them to benchmarks/results/http.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from benchmarks.common import Server, machine, median, oxigraph, percentile, save
from therapykg.graph.substitute import substitute
from therapykg.ontology.vocab import base_iri, sparql_prologue
from therapykg.queries.registry import named_queries

SIMPLE = "SELECT ?s ?text WHERE { ?s tkg:text ?text } LIMIT 10"
SERVERS = (("oxigraph serve-read-only", "/query"), ("therapykg serve", "/sparql"))
COUNT = "SELECT (COUNT(*) AS ?statements) WHERE { ?s a tkg:Statement }"


@dataclass(frozen=True, slots=True)
class Target:
    """One kind of request: a path (query string included) and the Accept header."""

    name: str
    path: str
    accept: str = "application/sparql-results+json"


@dataclass(slots=True)
class Figures:
    requests: int
    seconds: float
    errors: int
    latencies: list[float]

    def summary(self) -> dict[str, float | int]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "rps": round(self.requests / self.seconds, 1),
            "p50_ms": round(median(self.latencies) * 1000, 2),
            "p99_ms": round(percentile(self.latencies, 0.99) * 1000, 2),
        }


def hammer(base: str, target: Target, clients: int, seconds: float) -> Figures:
    """`clients` threads send `target` back to back for `seconds`; every answer must be 200."""
    address = urlsplit(base)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
        mine, headers = latencies[index], {"Accept": target.accept}
        start.wait()
        while (began := time.perf_counter()) < stop_at[0]:
            connection.request("GET", target.path, headers=headers)
            answer = connection.getresponse()
            answer.read()
            mine.append(time.perf_counter() - began)
            if answer.status != 200:
                errors[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = [t for mine in latencies for t in mine]
    return Figures(len(every), elapsed, sum(errors), every)


def sparql_path(endpoint: str, text: str) -> str:
    return f"{urlsplit(endpoint).path}?{urlencode({'query': sparql_prologue() + text})}"


def workloads(framework: str, item: str) -> dict[str, str]:
    """The query text of each /sparql workload, parameters written in."""
    queries = named_queries()
    lookup = queries["framework-gradings"]
    return {
        "lookup": substitute(lookup.text, lookup.bindings({"framework": framework})),
        "simple": SIMPLE,
        "aggregate": queries["grades-count"].text,
        "count": COUNT,
        "describe": f"DESCRIBE <{item}>",
    }


def therapykg(store: Path, workers: int | None) -> Server:
    command = [sys.executable, "-m", "therapykg.cli", "--store", str(store), "serve"]
    command += ["--port", "{port}"] + (["--workers", str(workers)] if workers else [])
    return Server(command, "/sparql")


def targets(endpoint: str, texts: dict[str, str], pages: dict[str, str]) -> list[Target]:
    found = [Target(name, sparql_path(endpoint, text)) for name, text in texts.items()]
    found[-1] = Target("describe", found[-1].path, "application/n-triples")
    found += [Target(name, path, "text/html") for name, path in pages.items()]
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput", description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="therapykg's query workers")
    parser.add_argument("--framework", default="framework/identity-informed-dynamic-therapy")
    parser.add_argument("--item", default="element/alliance")
    parser.add_argument("--only", default="", help="workloads to run, comma-separated")
    options = parser.parse_args(argv)
    framework, item = base_iri() + options.framework, base_iri() + options.item
    texts = workloads(framework, item)
    slug = options.framework.split("/", 1)[1]
    pages = {"entity page": "/id/" + quote(options.item), "wheel page": f"/framework/{slug}/wheel"}
    only = set(filter(None, options.only.split(",")))
    results: list[dict[str, object]] = []
    for run in range(options.runs):
        for name, endpoint in SERVERS:
            if name.startswith("oxigraph"):
                server = oxigraph(options.store)
            else:
                server = therapykg(options.store, options.workers)
            try:
                every = targets(endpoint, texts, {} if name.startswith("oxigraph") else pages)
                for target in every:
                    if only and target.name not in only:
                        continue
                    hammer(server.base, target, options.clients, 2)  # warm up
                    figures = hammer(server.base, target, options.clients, options.seconds)
                    row = {"run": run, "server": name, "workload": target.name}
                    results.append({**row, **figures.summary()})
                    print(json.dumps(results[-1]), flush=True)
            finally:
                server.stop()
    save("http", {"machine": machine(), "clients": options.clients, "results": results})


if __name__ == "__main__":
    main()
