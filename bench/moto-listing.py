"""moto_server for the benchmark, with ListObjectVersions at the cost AWS's has.

moto 5.2's ListObjectVersions deep-copies every version of every key in the bucket, object bytes
included, before it filters by prefix: listing a database's dumps next to a 1.1 GB object takes about
20 s and grows with everything the bucket holds. On AWS a listing does not read objects. verify lists
once per database, so on moto its time would measure the emulator, not verify. This launcher makes
that one function copy versions shallowly (the listing only reads their metadata) and leaves the rest
of moto as it is. Only the benchmark starts it (bench.ts); the tests use moto unchanged.

    python3 bench/moto-listing.py -H 127.0.0.1 -p 5000
"""
import copy
import sys

import moto.s3.models as models
from moto.server import main


class _ShallowCopies:
    """The `copy` module as list_object_versions sees it: deepcopy is a shallow copy."""

    deepcopy = staticmethod(copy.copy)

    def __getattr__(self, name):
        return getattr(copy, name)


_list_object_versions = models.S3Backend.list_object_versions


def list_object_versions(self, *args, **kwargs):
    saved = models.copy
    models.copy = _ShallowCopies()
    try:
        return _list_object_versions(self, *args, **kwargs)
    finally:
        models.copy = saved


models.S3Backend.list_object_versions = list_object_versions

if __name__ == "__main__":
    main(sys.argv[1:])
