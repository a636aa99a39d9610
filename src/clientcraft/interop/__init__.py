"""Interoperability with the systems training departments already run.

* :mod:`.xapi`: xAPI 1.0.3 statements (typed models, builder from the response log and the grade export,
  and the reverse mapping back to response-log rows);
* :mod:`.lrs`: posting statements to a learning record store in batches, with retry and resume, and
  reading them back;
* :mod:`.moodle` and :mod:`.qti`: the scenario item bank as Moodle XML and as a Canvas-importable QTI 1.2
  package (instructor-side exports: they carry the answer keys);
* :mod:`.gradefiles`: per-assignment grade files for the Canvas and Moodle gradebooks.
"""
