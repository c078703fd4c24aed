"""Admin API: a program's resources and training (``functions.domain.resources``)."""
from __future__ import annotations

from flask import g, jsonify

from functions.api import admin_blueprint, documented, parsed_body
from functions.api.admin_common import record
from functions.errors import NotFound

bp = admin_blueprint("manage_resources")


def _program(program_id: str) -> dict:
    from functions.db import programs
    found = programs.get_program_or_none(program_id)
    if found is None:
        raise NotFound(f"no program {program_id}", field="program")
    return found


@bp.get("/programs/<program_id>/resources")
def list_resources(program_id: str):
    from functions.domain import resources
    _program(program_id)
    return jsonify(resources=resources.of_program(program_id), stages=list(resources.STAGES))


@bp.post("/programs/<program_id>/resources")
@documented(body="resource_schemas.ResourceIn", ok=201, creates="resource_id")
def add_resource(program_id: str):
    from functions.domain import resources
    _program(program_id)
    resources.of_program(program_id)  # the starter set first, so it is not added later
    body = parsed_body()
    made = resources.add(program_id, body, g.admin_email)
    record("resource.create", "program", program_id, {"resource": made["id"], "title": body.title})
    return jsonify(made), 201


@bp.patch("/programs/<program_id>/resources/<resource_id>")
@documented(body="resource_schemas.ResourcePatch", errors=(409,))
def edit_resource(program_id: str, resource_id: str):
    from functions.domain import resources
    _program(program_id)
    resources.of_program(program_id)
    body = parsed_body()
    done = resources.edit(program_id, resource_id, body, g.admin_email)
    record("resource.edit", "program", program_id, {"resource": resource_id})
    return jsonify(done)


@bp.delete("/programs/<program_id>/resources/<resource_id>")
def delete_resource(program_id: str, resource_id: str):
    from functions.db import resources as store
    from functions.domain import resources
    _program(program_id)
    resources.of_program(program_id)
    store.remove(program_id, resource_id)
    record("resource.delete", "program", program_id, {"resource": resource_id})
    return jsonify(status="deleted", id=resource_id)


@bp.get("/cohorts/<cohort_id>/training")
def cohort_training(cohort_id: str):
    """The cohort's active mentors who have not done the program's required
    training, by name, with what is left to each (a warning before matching,
    not a block)."""
    from functions.domain import training
    return jsonify(training.of_cohort(cohort_id))
