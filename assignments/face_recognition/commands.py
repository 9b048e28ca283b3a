"""The week's commands: enroll, verify, identify and the notebook's run (`demo`).

`__main__` imports this module only after the arguments are parsed and checked: it loads TensorFlow.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assignments.common.data import resolve_data_file
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.face_recognition.database import FaceDatabase, course_people, people_in_folder, query_images
from assignments.face_recognition.encoding import check_images_open, encode_images
from assignments.face_recognition.figures import save_panels
from assignments.face_recognition.model import WEIGHTS_NOTICE, load_facenet_model, model_fingerprint, stand_in_encoder
from assignments.face_recognition.recognition import THRESHOLD, distance_to_person, nearest_identities, verify, who_is_it
from assignments.face_recognition.sample_faces import write_sample_people
from assignments.face_recognition.week import WEEK


# --- the encoder -------------------------------------------------------------------------------------


def build_encoder(arguments):
    """The encoder the flags ask for, and a line saying what its weights are."""

    if arguments.encoder == "stand-in":
        if arguments.weights is not None:
            raise UserError("--weights needs --encoder facenet: the stand-in encoder has no weights file.")
        return stand_in_encoder(arguments.seed), "STAND-IN ENCODER: a tiny test encoder, not a face model; every distance is meaningless."
    weights = resolve_data_file(WEEK.name, WEEK.default_inputs["weights"], arguments.weights, what="weights file")
    model = load_facenet_model(weights, seed=arguments.seed)
    if weights is None:
        return model, WEIGHTS_NOTICE
    return model, f"Pretrained FaceNet weights from {weights}."


def database_path(arguments) -> Path:
    return arguments.db if arguments.db is not None else Path(arguments.output) / "faces.npz"


def load_database_for(arguments, model) -> FaceDatabase:

    path = database_path(arguments)
    database = FaceDatabase.load(path)
    database.check_fingerprint(model_fingerprint(model), path)
    return database


# --- enroll --------------------------------------------------------------------------------------------


def default_people(arguments) -> tuple[dict[str, list[Path]], str]:
    """The people to enroll when --people is not given: the course's, else generated ones."""
    images = WEEK.default_input("images")
    if images is not None:
        return course_people(images.parent), "the course's 12-person database ($DLS_DATA_DIR)"

    people_folder, _ = write_sample_people(Path(arguments.output) / "sample_faces", seed=arguments.seed)
    return people_in_folder(people_folder), f"generated cartoon faces in {people_folder} (no $DLS_DATA_DIR)"


def enroll(arguments, encoder=None) -> int:

    ensure_output_dir(arguments.output)
    if arguments.people is not None:
        people, description = people_in_folder(arguments.people), f"the people in {arguments.people}"
    else:
        people, description = default_people(arguments)

    path = database_path(arguments)
    existing = FaceDatabase.load(path) if path.exists() else None  # Damaged files stop us before any work.
    files = [file for files in people.values() for file in files]
    check_images_open(files)

    model, weights_line = encoder or build_encoder(arguments)
    print(weights_line)
    fingerprint = model_fingerprint(model)
    database = existing if existing is not None else FaceDatabase.empty(fingerprint, int(model.output.shape[-1]))
    database.check_fingerprint(fingerprint, path)

    print(f"Enrolling {len(people)} people ({len(files)} photos) from {description}.")
    embeddings = encode_images(files, model, batch_size=arguments.batch_size)  # (photos, 128)
    start = 0
    for name, person_files in people.items():
        database.replace_person(name, embeddings[start : start + len(person_files)], [str(file) for file in person_files])
        start += len(person_files)
    database.save(path)
    kept = len(database) - len(people)
    print(f"The database holds {len(database)} people ({len(database.names)} photos); {kept} kept from before.")
    print(f"Wrote: {path}")
    return 0


# --- verify and identify -------------------------------------------------------------------------------


def untrained_tag(model) -> str:
    """A note for figure titles: people look at the PNG without the console's warning."""
    return "" if getattr(model, "weights_source", None) else " [UNTRAINED: distances meaningless]"


def recognition_message(name: str, distance: float, threshold: float) -> str:
    """The course's who_is_it messages."""
    return "Not in the database." if distance > threshold else f"it's {name}, the distance is {distance:.7g}"


def verify_command(arguments) -> int:

    query_images(arguments.image)  # A missing path fails here, before the model is built.
    database = FaceDatabase.load(database_path(arguments))
    if arguments.identity not in database:
        names = ", ".join(list(database)[:8])
        raise UserError(f"'{arguments.identity}' is not in {database_path(arguments)} (it holds {names}{', ...' if len(database) > 8 else ''}): check the spelling or enroll them first.")
    if not arguments.image.is_file():
        raise UserError(f"--image '{arguments.image}' is a folder: verify checks one photo (use identify for folders).")
    check_images_open([arguments.image])
    output = ensure_output_dir(arguments.output)
    model, weights_line = build_encoder(arguments)
    print(weights_line)
    database = load_database_for(arguments, model)
    encoding = encode_images([arguments.image], model, progress=False)  # (1, 128)
    distance = distance_to_person(encoding, database[arguments.identity])
    door_open = bool(distance < arguments.threshold)
    print(f"It's {arguments.identity}, welcome in!" if door_open else f"It's not {arguments.identity}, please go away")
    print(f"distance to {arguments.identity}: {float(distance):.6f} (threshold {arguments.threshold:g})")
    enrolled = [source for name, source in zip(database.names, database.sources) if name == arguments.identity]
    panels = [(arguments.image, f"{arguments.image.name}\n{'accepted' if door_open else 'rejected'}: {float(distance):.3f}")]
    panels += [(source, f"enrolled {arguments.identity}") for source in enrolled[:5] if Path(source).is_file()]
    figure = save_panels(output / "verify.png", panels, f"verify: is this {arguments.identity}?{untrained_tag(model)}")
    print(f"Wrote: {figure}")
    return 0


def identify_command(arguments) -> int:

    images = query_images(arguments.image)
    check_images_open(images)
    FaceDatabase.load(database_path(arguments))  # Fail on a bad database before building the model.
    output = ensure_output_dir(arguments.output)
    model, weights_line = build_encoder(arguments)
    print(weights_line)
    database = load_database_for(arguments, model)
    return identify_images(images, database, model, arguments, output, write_csv=arguments.image.is_dir())


def identify_images(images, database, model, arguments, output: Path, write_csv: bool) -> int:
    """Encodes `images` in batches, prints each one's answer, writes identify.csv (for folders) and identify.png."""

    encodings = encode_images(images, model, batch_size=arguments.batch_size, progress=len(images) > 1)  # (n, 128)
    k = min(arguments.top_k, len(database))
    rows, panels = [], []
    for image, encoding in zip(images, encodings):
        nearest = nearest_identities(encoding, database, k)
        name, distance = nearest[0]
        known = distance <= arguments.threshold
        print(f"{image.name}: {recognition_message(name, distance, arguments.threshold)}")
        if k > 1:
            print("    nearest: " + ", ".join(f"{candidate} {value:.4f}" for candidate, value in nearest))
        candidates = ";".join(f"{candidate}:{value:.6f}" for candidate, value in nearest)
        rows.append([str(image), name if known else "", name, f"{distance:.6f}", known, candidates])
        panels.append((image, f"{image.name}\n{name if known else 'unknown'} ({distance:.3f})"))

    written = []
    if write_csv:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(["image", "identity", "nearest", "distance", "recognized", f"top_{k}"])
        writer.writerows(rows)
        written.append(write_text_atomic(output / "identify.csv", text.getvalue()))
    written.append(save_panels(output / "identify.png", panels, f"identify (threshold {arguments.threshold:g}){untrained_tag(model)}"))
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


# --- the notebook's run ------------------------------------------------------------------------------------


def demo(arguments) -> int:
    """Enroll the default people into a fresh database, then verify and identify as the notebook does."""

    output = ensure_output_dir(arguments.output)
    encoder = build_encoder(arguments)
    model = encoder[0]
    arguments.people, arguments.db = None, None
    database_path(arguments).unlink(missing_ok=True)  # The demo always starts from a fresh database.
    enroll(arguments, encoder)
    database = load_database_for(arguments, model)

    images = WEEK.default_input("images")
    if images is not None:
        camera_shots = sorted(images.glob("camera_*.jpg"))
        checks = [(images / "camera_0.jpg", "younes"), (images / "camera_2.jpg", "kian")]
    else:
        camera_shots = sorted((output / "sample_faces" / "camera").glob("*.png"))
        first = next(iter(database))
        checks = [(camera_shots[0], first), (camera_shots[1], first)]
    print("\nThe notebook's checks, with the course's messages:")
    for image, identity in checks:
        dist, door_open = verify(image, identity, database, model)
        print(f"    verify('{image.name}', '{identity}') = ({float(dist):.7f}, {door_open})")
    min_dist, identity = who_is_it(camera_shots[0], database, model)
    print(f"    who_is_it('{camera_shots[0].name}') = ({float(min_dist):.7f}, {identity!r})")
    print(f"\nIdentifying {len(camera_shots)} camera shots (top 3):")
    arguments.top_k, arguments.threshold = 3, THRESHOLD
    identify_images(camera_shots, database, model, arguments, output, write_csv=True)
    print(encoder[1])
    return 0


COMMANDS = {"demo": demo, "enroll": enroll, "verify": verify_command, "identify": identify_command}


def run(arguments) -> int:
    """Runs the sub-command `arguments.command` (parsed by `cli.parse_arguments`)."""
    return COMMANDS[arguments.command](arguments)
