"""The week's commands: enroll, verify, identify and the notebook's run (`demo`).

`__main__` imports this module only after the arguments are parsed and checked: it loads TensorFlow.
Every command finds the faces in its photos first (`pipeline.find_faces`: MTCNN, or the whole photo with
`--align none`), then encodes them in batches with the encoder the flags (or the database) name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.face_recognition.annotate import annotate_photo
from assignments.face_recognition.database import FaceDatabase, course_people, people_in_folder, query_images
from assignments.face_recognition.encoders import FaceEncoder, build_encoder, dlib_course_copy, facenet_weights_present
from assignments.face_recognition.encoding import check_images_open
from assignments.face_recognition.pipeline import encode_faces, find_faces, largest_face_or_error
from assignments.face_recognition.recognition import distance_to_person, nearest_identities_batch, verify, who_is_it
from assignments.face_recognition.sample_faces import write_sample_people
from assignments.face_recognition.week import WEEK

# --- the encoder -------------------------------------------------------------------------------------


def database_path(arguments) -> Path:
    return arguments.db if arguments.db is not None else Path(arguments.output) / "faces.npz"


def encoder_for(arguments, database: FaceDatabase | None = None) -> FaceEncoder:
    """The encoder the flags name; a database's own encoder and alignment when the flags leave them out.

    Raises:
        UserError: the flags name another encoder or alignment than the database's (checked before any
            model is built), or the model's weights differ from the ones that made the database.
    """
    kind = arguments.encoder or (database.encoder if database is not None else "facenet")
    alignment = arguments.align or (database.alignment if database is not None else None)
    if database is not None:
        database.check_encoder(kind, alignment or database.alignment, database.fingerprint, database_path(arguments))
    encoder = build_encoder(kind, alignment, arguments.weights, arguments.seed)
    print(encoder.notice)
    if database is not None:
        database.check_encoder(encoder.kind, encoder.alignment, encoder.fingerprint, database_path(arguments))
    return encoder


def threshold_for(arguments, encoder: FaceEncoder) -> float:
    return arguments.threshold if getattr(arguments, "threshold", None) is not None else encoder.threshold


def banner(encoder: FaceEncoder) -> str | None:
    """A line for pictures: people look at the PNG without the console's warning."""
    return None if encoder.trained else f"UNTRAINED {encoder.kind} encoder: distances meaningless"


# --- enroll --------------------------------------------------------------------------------------------


def default_people(arguments) -> tuple[dict[str, list[Path]], str]:
    """The people to enroll when --people is not given: the course's, else generated ones."""
    images = WEEK.default_input("images")
    if images is not None:
        return course_people(images.parent), "the course's 12-person database ($DLS_DATA_DIR)"
    people_folder, _ = write_sample_people(Path(arguments.output) / "sample_faces", seed=arguments.seed)
    return people_in_folder(people_folder), f"generated cartoon faces in {people_folder} (no $DLS_DATA_DIR)"


def enroll(arguments, encoder: FaceEncoder | None = None) -> int:
    """Encodes the largest face of each person's photos into the database (created, or updated in place)."""
    ensure_output_dir(arguments.output)
    if arguments.people is not None:
        people, description = people_in_folder(arguments.people), f"the people in {arguments.people}"
    else:
        people, description = default_people(arguments)
    path = database_path(arguments)
    existing = FaceDatabase.load(path) if path.exists() else None  # Damaged files stop us before any work.
    files = [file for files in people.values() for file in files]
    check_images_open(files)
    encoder = encoder or encoder_for(arguments, existing)
    database = existing or FaceDatabase.empty(
        encoder.fingerprint, int(encoder.model.output.shape[-1]), encoder.kind, encoder.alignment
    )
    database.check_encoder(encoder.kind, encoder.alignment, encoder.fingerprint, path)
    database.weights = "pretrained" if encoder.trained else "UNTRAINED"  # stored in the .npz (issue 13)

    print(f"Enrolling {len(people)} people ({len(files)} photos) from {description}.")
    photos = find_faces(files, encoder, progress=len(files) > 1, batch_size=arguments.batch_size)
    for item in photos:
        if not item.faces:
            print(f"    {item.path}: no face found, skipped")
        elif len(item.faces) > 1:
            print(f"    {item.path}: {len(item.faces)} faces, enrolled the largest")
    start, by_person = 0, {}
    for name, person_files in people.items():
        by_person[name] = [item for item in photos[start : start + len(person_files)] if item.faces]
        start += len(person_files)
        if not by_person[name]:
            raise UserError(
                f"No face found in any of the {len(person_files)} photo(s) of '{name}' (first: {person_files[0]}): "
                "add a photo where their face is visible, or pass --align none to use whole photos; nothing was enrolled."
            )
    encode_faces(photos, encoder, batch_size=arguments.batch_size, largest_only=True)
    for name, items in by_person.items():
        database.replace_person(name, [item.descriptors[0] for item in items], [str(item.path) for item in items])
    database.save(path)
    kept = len(database) - len(people)
    print(f"The database holds {len(database)} people ({len(database.names)} photos); {kept} kept from before.")
    print(f"Wrote: {path}")
    return 0


# --- verify and identify -------------------------------------------------------------------------------


def recognition_message(name: str, distance: float, threshold: float) -> str:
    """The course's who_is_it messages."""
    return "Not in the database." if distance > threshold else f"it's {name}, the distance is {distance:.7g}"


def verify_photo(image: Path, identity: str, database: FaceDatabase, encoder: FaceEncoder):
    """(distance, the photo's faces) of the largest face in `image` to `identity`'s enrolled photos."""
    item = find_faces([image], encoder)[0]
    largest_face_or_error(item)
    encode_faces([item], encoder, largest_only=True)
    return float(distance_to_person(item.descriptors[0], database[identity])), item


def verify_command(arguments) -> int:
    query_images(arguments.image)  # A missing path fails here, before the model is built.
    database = FaceDatabase.load(database_path(arguments))
    if arguments.identity not in database:
        names = ", ".join(list(database)[:8])
        raise UserError(
            f"'{arguments.identity}' is not in {database_path(arguments)} (it holds {names}{', ...' if len(database) > 8 else ''}): check the spelling or enroll them first."
        )
    if not arguments.image.is_file():
        raise UserError(f"--image '{arguments.image}' is a folder: verify checks one photo (use identify for folders).")
    check_images_open([arguments.image])
    output = ensure_output_dir(arguments.output)
    encoder = encoder_for(arguments, database)
    threshold = threshold_for(arguments, encoder)
    distance, item = verify_photo(arguments.image, arguments.identity, database, encoder)
    door_open = distance < threshold
    print(f"It's {arguments.identity}, welcome in!" if door_open else f"It's not {arguments.identity}, please go away")
    print(f"distance to {arguments.identity}: {distance:.6f} (threshold {threshold:g})")
    label = f"{arguments.identity}? {'yes' if door_open else 'no'} {distance:.3f}"
    figure = annotate_photo(item.photo, [(item.faces[0].box, label, door_open)], output / "verify.png", banner(encoder))
    print(f"Wrote: {figure}")
    return 0


def identify_command(arguments) -> int:
    images = query_images(arguments.image)
    check_images_open(images)
    database = FaceDatabase.load(database_path(arguments))  # Fail on a bad database before building the model.
    output = ensure_output_dir(arguments.output)
    encoder = encoder_for(arguments, database)
    return identify_images(images, database, encoder, arguments, output)


def identify_images(images, database: FaceDatabase, encoder: FaceEncoder, arguments, output: Path) -> int:
    """Every face of every photo: prints its nearest people, writes identify.csv and identified/<photo>.png."""
    threshold = threshold_for(arguments, encoder)
    photos = find_faces(images, encoder, progress=len(images) > 1, batch_size=arguments.batch_size)
    if not any(item.faces for item in photos):
        where = f"'{images[0]}'" if len(images) == 1 else f"any of the {len(images)} photos in '{Path(images[0]).parent}'"
        raise UserError(
            f"No face found in {where}: use photos where faces are visible and at least 20 pixels tall; nothing was written."
        )
    encode_faces(photos, encoder, batch_size=arguments.batch_size)
    k = min(arguments.top_k, len(database))
    weights = "pretrained" if encoder.trained else "UNTRAINED"
    # Every face of every photo searched at once: one matrix product against the database (search.py).
    descriptors = np.concatenate([item.descriptors for item in photos])  # (faces, d)
    answers = iter(nearest_identities_batch(descriptors, database, k, getattr(arguments, "search", "numpy")))
    rows, written, used_names = [], [], set()
    for item in photos:
        if not item.faces:
            print(f"{item.path.name}: no face found")
            rows.append([str(item.path), "", "", "", "", "", "no face", "", "", "", False, "", encoder.kind, weights])
        labels = []
        for index, face in enumerate(item.faces):
            nearest = next(answers)
            name, distance = nearest[0]
            known = distance <= threshold
            where = "" if len(item.faces) == 1 else f" face {index + 1} at ({', '.join(f'{value:.0f}' for value in face.box)})"
            print(f"{item.path.name}{where}: {recognition_message(name, distance, threshold)}")
            if k > 1:
                print("    nearest: " + ", ".join(f"{candidate} {value:.4f}" for candidate, value in nearest))
            candidates = ";".join(f"{candidate}:{value:.6f}" for candidate, value in nearest)
            box = [f"{value:.1f}" for value in face.box]
            rows.append(
                [
                    str(item.path),
                    index + 1,
                    *box,
                    name if known else "unknown",
                    name,
                    f"{distance:.6f}",
                    known,
                    candidates,
                    encoder.kind,
                    weights,
                ]
            )
            labels.append((face.box, f"{name if known else 'unknown'} {distance:.2f}", known))
        stem = item.path.stem if item.path.stem not in used_names else f"{item.path.stem}_{len(used_names)}"
        used_names.add(stem)
        written.append(annotate_photo(item.photo, labels, output / "identified" / f"{stem}.png", banner(encoder)))

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(
        [
            "image",
            "face",
            "left",
            "top",
            "right",
            "bottom",
            "identity",
            "nearest",
            "distance",
            "recognized",
            f"top_{k}",
            "encoder",
            "weights",
        ]
    )
    writer.writerows(rows)
    csv_path = write_text_atomic(output / "identify.csv", text.getvalue())
    print(f"Wrote: {csv_path} and {len(written)} annotated photo(s) in {output / 'identified'}")
    return 0


# --- the notebook's run ------------------------------------------------------------------------------------


def demo_encoder(arguments) -> FaceEncoder:
    """The encoder for the notebook's run: the one asked for; without --encoder, FaceNet when its weights are
    here, else dlib's real encoder when its weights are (said so), else the untrained FaceNet (and how to do better)."""
    if arguments.encoder is None and not facenet_weights_present() and arguments.weights is None:
        if dlib_course_copy() is not None:
            print(
                "The course's FaceNet weights (keras-facenet-h5/model.h5) are absent: running dlib's pretrained encoder "
                "instead (pass --encoder facenet for the course's untrained FaceNet)."
            )
            arguments.encoder = "dlib"
        else:
            print(
                "The course's FaceNet weights are absent: FaceNet runs untrained. For real recognition pass --encoder dlib "
                "(dlib's pretrained encoder, downloaded once, hash-checked)."
            )
    return encoder_for(arguments)


def demo(arguments) -> int:
    """Enroll the default people into a fresh database, then verify and identify as the notebook does."""
    output = ensure_output_dir(arguments.output)
    encoder = demo_encoder(arguments)
    arguments.people, arguments.db = None, None
    database_path(arguments).unlink(missing_ok=True)  # The demo always starts from a fresh database.
    enroll(arguments, encoder)
    database = FaceDatabase.load(database_path(arguments))

    images = WEEK.default_input("images")
    if images is not None:
        camera_shots = sorted(images.glob("camera_*.jpg"))
        checks = [(images / "camera_0.jpg", "younes"), (images / "camera_2.jpg", "kian")]
    else:
        camera_shots = sorted((output / "sample_faces" / "camera").glob("*.png"))
        first = next(iter(database))
        checks = [(camera_shots[0], first), (camera_shots[1], first)]
    if encoder.kind != "dlib" and encoder.alignment == "none":
        print("\nThe notebook's checks, with the course's functions and messages:")
        for image, identity in checks:
            dist, door_open = verify(image, identity, database, encoder.model)
            print(f"    verify('{image.name}', '{identity}') = ({float(dist):.7f}, {door_open})")
        min_dist, identity = who_is_it(camera_shots[0], database, encoder.model)
        print(f"    who_is_it('{camera_shots[0].name}') = ({float(min_dist):.7f}, {identity!r})")
    else:
        print(f"\nThe notebook's checks, through the {encoder.kind} encoder with {encoder.alignment} alignment:")
        for image, identity in checks:
            distance, _ = verify_photo(image, identity, database, encoder)
            print(
                f"    verify {image.name} as {identity}: distance {distance:.4f}, {'accepted' if distance < encoder.threshold else 'rejected'}"
            )
    print(f"\nIdentifying {len(camera_shots)} camera shots (top 3):")
    arguments.top_k, arguments.threshold = 3, None
    identify_images(camera_shots, database, encoder, arguments, output)
    print(f"Encoder used: {encoder.label}. {encoder.notice}")
    return 0


COMMANDS = {"demo": demo, "enroll": enroll, "verify": verify_command, "identify": identify_command}


def run(arguments) -> int:
    """Runs the sub-command `arguments.command` (parsed by `cli.parse_arguments`)."""
    return COMMANDS[arguments.command](arguments)
