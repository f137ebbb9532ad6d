"""The corpus run on a Dask distributed cluster: the same job and output as :func:`ukrnews_nlp.batch.run_corpus`.

Documents are read here, on the client, and sent to the workers in partitions of ``batch_size`` documents;
each worker process loads the pipeline once (:func:`ukrnews_nlp.batch.pipeline` caches it per process) and
sends back JSON lines, which are written here in input order, through the same resumable sink as a local run.
Without a scheduler address a ``LocalCluster`` of ``workers`` single-threaded processes is started.

On a real cluster every worker needs ``ukrnews-nlp`` (and its models) installed; start the workers with one
thread each (``dask worker tcp://HOST:8786 --nthreads 1 --nworkers N``), since a spaCy pipeline is not meant to
be shared between threads.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .batch import BATCH_SIZE, Progress, Summary, run_corpus
from .errors import Errors, UserError
from .io.readers import Document
from .io.writers import RecordSink
from .memory_zones import DEFAULT_STRINGS_LIMIT

#: How long to wait for a remote scheduler before giving up.
CONNECT_TIMEOUT = "30s"


def _distributed():
    try:
        import distributed
    except ImportError:
        raise UserError(Errors.E607.format(what="--engine dask", package="dask[distributed]", extra="dask")) from None
    return distributed


def run_dask(documents: Iterable[Document], sink: RecordSink, *, scheduler: str | None = None, workers: int = 2,
             batch_size: int = BATCH_SIZE, load_kwargs: dict[str, Any] | None = None,
             max_length: int | None = None, progress: Progress | None = None,
             strings_limit: int | None = DEFAULT_STRINGS_LIMIT) -> Summary:
    """Annotate ``documents`` into ``sink`` on the Dask cluster at ``scheduler`` (``tcp://HOST:PORT``), or on a
    ``LocalCluster`` of ``workers`` processes when it is None. Same arguments and result as ``run_corpus``."""
    distributed = _distributed()
    if workers < 1:
        raise UserError(Errors.E616.format(option="workers", value=workers))
    cluster = None
    try:
        if scheduler is None:
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                               dashboard_address=None, silence_logs=40)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise UserError(Errors.E617.format(address=scheduler or "LocalCluster", reason=exc)) from None
    try:
        n_workers = max(len(client.scheduler_info().get("workers", {})), workers if scheduler is None else 1)

        def submit(fn, *args):
            return client.submit(fn, *args, pure=False)

        return run_corpus(documents, sink, workers=n_workers, batch_size=batch_size, load_kwargs=load_kwargs,
                          max_length=max_length, progress=progress, submit=submit, window=2 * n_workers + 2,
                          strings_limit=strings_limit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
