"""The week's commands: enroll, verify, identify and the notebook's run (`demo`), each taking its frozen settings.

`__main__` imports this module only after the settings are checked and decided (it loads TensorFlow): the
encoder, alignment, threshold and database path arrive decided, and nothing here changes them. Every
command finds the faces in its photos first (`detection.find_faces`: MTCNN, or the whole photo with
`--align none`), then encodes them in batches (`encoders.encode_faces`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir
from assignments.common.locking import exclusive
from assignments.face_recognition.cli import DemoSettings, EnrollSettings, IdentifySettings, ModelSettings, VerifySettings
from assignments.face_recognition.data import course_people, people_in_folder, query_images
from assignments.face_recognition.database import FaceDatabase
from assignments.face_recognition.detection import PhotoFaces, find_faces, largest_face_or_error
from assignments.face_recognition.encoders import FaceEncoder, build_encoder, encode_faces
from assignments.face_recognition.outputs import annotate_photo, write_identify_csv
from assignments.face_recognition.recognition import distance_to_person, nearest_identities_batch, verify, who_is_it
from assignments.face_recognition.synthetic import write_sample_people
from assignments.face_recognition.week import WEEK


def encoder_for(settings: ModelSettings, database: FaceDatabase | None = None) -> FaceEncoder:
    """The encoder the settings decided; with a database, its model must be the one that made it.

    Raises:
        UserError: the model's weights differ from the ones that made the database.
    """
    encoder = build_encoder(settings.encoder, settings.align, settings.weights, settings.seed)
    print(encoder.notice)
    if database is not None:
        database.check_fingerprint(encoder.fingerprint, settings.db)
        print(f"Face database: {database.summary()}")
    return encoder


def banner(encoder: FaceEncoder) -> str | None:
    """A line for pictures: people look at the PNG without the console's warning."""
    return None if encoder.trained else f"UNTRAINED {encoder.kind} encoder: distances meaningless"


def caption(database: FaceDatabase) -> tuple[str, bool]:
    """(the PNG caption, whether it warns): the database's provenance, red when its weights are untrained."""
    return database.summary(), database.provenance.needs_warning


# --- enroll --------------------------------------------------------------------------------------------


def people_to_enroll(settings: ModelSettings) -> tuple[dict[str, list[Path]], str]:
    """--people; else the course's 12 people; else generated ones."""
    if getattr(settings, "people", None) is not None:
        return people_in_folder(settings.people), f"the people in {settings.people}"
    images = WEEK.default_input("images")
    if images is not None:
        return course_people(images.parent), "the course's 12-person database ($DLS_DATA_DIR)"
    people_folder, _ = write_sample_people(Path(settings.output) / "sample_faces", seed=settings.seed)
    return people_in_folder(people_folder), f"generated cartoon faces in {people_folder} (no $DLS_DATA_DIR)"


def enroll(settings: EnrollSettings, database: FaceDatabase | None = None) -> int:
    """Encodes the largest face of each person's photos into the database (created, or updated in place)."""
    ensure_output_dir(settings.output)
    people, description = people_to_enroll(settings)
    enroll_people(people, description, encoder_for(settings, database), settings)
    return 0


def enroll_people(people: dict[str, list[Path]], description: str, encoder: FaceEncoder, settings) -> FaceDatabase:
    """Finds and encodes each person's faces, then adds them to `settings.db`; returns the database saved."""
    files = [file for files in people.values() for file in files]
    print(f"Enrolling {len(people)} people ({len(files)} photos) from {description}.")
    photos = find_faces(files, encoder, progress=len(files) > 1, batch_size=settings.batch_size)
    for item in photos:
        if not item.faces:
            print(f"    {item.path}: no face found, skipped")
        elif len(item.faces) > 1:
            print(f"    {item.path}: {len(item.faces)} faces, enrolled the largest")
    by_person = faces_by_person(people, photos)
    encode_faces(photos, encoder, batch_size=settings.batch_size, largest_only=True)
    database, kept = save_people(settings.db, encoder, by_person)
    print(f"The database holds {len(database)} people ({len(database.names)} photos); {kept} kept from before.")
    print(f"Face database: {database.summary()}")
    print(f"Wrote: {settings.db}")
    return database


def faces_by_person(people: dict[str, list[Path]], photos: list[PhotoFaces]) -> dict[str, list[PhotoFaces]]:
    """Each person's photos that show a face (`photos` in the order of `people`'s files).

    Raises:
        UserError: a person none of whose photos shows a face; nothing is enrolled then.
    """
    start, by_person = 0, {}
    for name, person_files in people.items():
        by_person[name] = [item for item in photos[start : start + len(person_files)] if item.faces]
        start += len(person_files)
        if not by_person[name]:
            raise UserError(
                f"No face found in any of the {len(person_files)} photo(s) of '{name}' (first: {person_files[0]}): "
                "add a photo where their face is visible, or pass --align none to use whole photos; nothing was enrolled."
            )
    return by_person


def save_people(path: Path, encoder: FaceEncoder, by_person: dict[str, list[PhotoFaces]]) -> tuple[FaceDatabase, int]:
    """Adds the people to the database file under its lock: (the database saved, how many people it kept).

    The file is read again under the lock, so that a second `enroll` that saved since this run began keeps
    its people: two writers are applied one after the other, and neither silently wins. The lock is held
    only while the file is read and written, not while the photos are encoded.
    """
    with exclusive(path, "the face database"):
        database = FaceDatabase.load(path) if path.exists() else None
        database = database or FaceDatabase.empty(
            encoder.fingerprint, int(encoder.model.output.shape[-1]), encoder.kind, encoder.alignment
        )
        database.check_encoder(encoder.kind, encoder.alignment, path)
        database.check_fingerprint(encoder.fingerprint, path)
        database.provenance = encoder.provenance
        kept = len(set(database) - set(by_person))
        for name, items in by_person.items():
            database.replace_person(name, [item.descriptors[0] for item in items], [str(item.path) for item in items])
        database.save(path)
    return database, kept


# --- verify and identify -------------------------------------------------------------------------------


def recognition_message(name: str, distance: float, threshold: float) -> str:
    """The course's who_is_it messages."""
    return "Not in the database." if distance > threshold else f"it's {name}, the distance is {distance:.7g}"


def verify_photo(image: Path, identity: str, database: FaceDatabase, encoder: FaceEncoder) -> tuple[float, PhotoFaces]:
    """(distance, the photo's faces) of the largest face in `image` to `identity`'s enrolled photos."""
    item = find_faces([image], encoder)[0]
    largest_face_or_error(item)
    encode_faces([item], encoder, largest_only=True)
    return float(distance_to_person(item.descriptors[0], database[identity])), item


def verify_command(settings: VerifySettings, database: FaceDatabase) -> int:
    output = ensure_output_dir(settings.output)
    encoder = encoder_for(settings, database)
    distance, item = verify_photo(settings.image, settings.identity, database, encoder)
    door_open = distance < settings.threshold
    print(f"It's {settings.identity}, welcome in!" if door_open else f"It's not {settings.identity}, please go away")
    print(f"distance to {settings.identity}: {distance:.6f} (threshold {settings.threshold:g})")
    label = f"{settings.identity}? {'yes' if door_open else 'no'} {distance:.3f}"
    figure = annotate_photo(
        item.photo, [(item.faces[0].box, label, door_open)], output / "verify.png", banner(encoder), *caption(database)
    )
    print(f"Wrote: {figure}")
    return 0


def identify_command(settings: IdentifySettings, database: FaceDatabase) -> int:
    output = ensure_output_dir(settings.output)
    encoder = encoder_for(settings, database)
    images = query_images(settings.image)
    identify_photos(images, database, encoder, output, settings.threshold, settings.top_k, settings.search, settings.batch_size)
    return 0


def identify_photos(images, database, encoder, output: Path, threshold: float, top_k: int, search: str, batch_size: int):
    """Every face of every photo: prints its nearest people, writes identify.csv and identified/<photo>.png."""
    photos = find_faces(images, encoder, progress=len(images) > 1, batch_size=batch_size)
    if not any(item.faces for item in photos):
        where = f"'{images[0]}'" if len(images) == 1 else f"any of the {len(images)} photos in '{Path(images[0]).parent}'"
        raise UserError(
            f"No face found in {where}: use photos where faces are visible and at least 20 pixels tall; nothing was written."
        )
    encode_faces(photos, encoder, batch_size=batch_size)
    k = min(top_k, len(database))
    # Every face of every photo searched at once: one matrix product against the database (search.py).
    descriptors = np.concatenate([item.descriptors for item in photos])  # (faces, d)
    answers = iter(nearest_identities_batch(descriptors, database, k, search))
    rows, written, used_names = [], [], set()
    for item in photos:
        photo_rows, labels = photo_answers(item, answers, threshold, k, encoder.kind, database)
        rows += photo_rows
        stem = item.path.stem if item.path.stem not in used_names else f"{item.path.stem}_{len(used_names)}"
        used_names.add(stem)
        figure = output / "identified" / f"{stem}.png"
        written.append(annotate_photo(item.photo, labels, figure, banner(encoder), *caption(database)))
    csv_path = write_identify_csv(output / "identify.csv", k, rows)
    print(f"Wrote: {csv_path} and {len(written)} annotated photo(s) in {output / 'identified'}")


def photo_answers(item: PhotoFaces, answers, threshold: float, k: int, kind: str, database) -> tuple[list, list]:
    """One photo's console lines, CSV rows and PNG labels, from the next of `answers` for each of its faces."""
    trust = [kind, database.weights, database.summary()]  # the last columns of every row
    if not item.faces:
        print(f"{item.path.name}: no face found")
        return [[str(item.path), "", "", "", "", "", "no face", "", "", "", False, "", *trust]], []
    rows, labels = [], []
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
        identity = name if known else "unknown"
        rows.append([str(item.path), index + 1, *box, identity, name, f"{distance:.6f}", known, candidates, *trust])
        labels.append((face.box, f"{identity} {distance:.2f}", known))
    return rows, labels


# --- the notebook's run ------------------------------------------------------------------------------------


def demo(settings: DemoSettings, database: FaceDatabase | None = None) -> int:
    """Enroll the default people into a fresh database, then verify and identify as the notebook does."""
    output = ensure_output_dir(settings.output)
    encoder = encoder_for(settings)
    settings.db.unlink(missing_ok=True)  # The demo always starts from a fresh database.
    people, description = people_to_enroll(settings)
    database = enroll_people(people, description, encoder, settings)
    camera_shots, checks = demo_photos(output, database)
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
            verdict = "accepted" if distance < settings.threshold else "rejected"
            print(f"    verify {image.name} as {identity}: distance {distance:.4f}, {verdict}")
    print(f"\nIdentifying {len(camera_shots)} camera shots (top 3):")
    identify_photos(camera_shots, database, encoder, output, settings.threshold, 3, "numpy", settings.batch_size)
    print(encoder.closing)
    return 0


def demo_photos(output: Path, database: FaceDatabase) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(the camera shots to identify, the notebook's (photo, claimed identity) checks)."""
    images = WEEK.default_input("images")
    if images is not None:
        return sorted(images.glob("camera_*.jpg")), [(images / "camera_0.jpg", "younes"), (images / "camera_2.jpg", "kian")]
    camera_shots = sorted((output / "sample_faces" / "camera").glob("*.png"))
    first = next(iter(database))
    return camera_shots, [(camera_shots[0], first), (camera_shots[1], first)]


COMMANDS = {DemoSettings: demo, EnrollSettings: enroll, VerifySettings: verify_command, IdentifySettings: identify_command}


def run(settings: ModelSettings, database: FaceDatabase | None = None) -> int:
    """Runs the sub-command of `settings` (checked and decided by `__main__.checked`) on `database`."""
    return COMMANDS[type(settings)](settings, database)
