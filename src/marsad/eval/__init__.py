"""Evaluation commands (`marsad eval NAME`): each module exposes add_arguments(parser) and run(args)."""

# name -> module; a module is imported only when its command runs.
EVALUATORS = {
    "ner": "marsad.eval.ner",
    "quotes": "marsad.eval.quotes",
    "dates": "marsad.eval.dates",
    "summary": "marsad.eval.summary",
    "clustering": "marsad.eval.clustering",
}
