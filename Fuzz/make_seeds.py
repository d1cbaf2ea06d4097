"""Writes the seed corpus of the fuzzing harnesses (Fuzz/Corpus/<harness>/): a few small valid files of each format,
from which libFuzzer mutates. Run from the repository root: python3 Fuzz/make_seeds.py (standard library only)."""
import gzip, json, os, struct, zlib

root = "Fuzz/Corpus"

def write(harness, name, data):
    with open(os.path.join(root, harness, name), "wb") as f:
        f.write(data)

def idx(shape, data):
    return bytes([0, 0, 8, len(shape)]) + b"".join(struct.pack(">I", d) for d in shape) + bytes(data)

images = idx([2, 3, 3], range(18))
labels = idx([4], [0, 1, 2, 9])
write("idx", "images-2x3x3.idx", images)
write("idx", "labels-4.idx", labels)
write("gzip-idx", "images-2x3x3.idx.gz", gzip.compress(images, mtime=0))
write("gzip-idx", "labels-4.idx.gz", gzip.compress(labels, mtime=0))
write("gzip-idx", "two-members.idx.gz", gzip.compress(labels[:6], mtime=0) + gzip.compress(labels[6:], mtime=0))

def png(width, height, color_type, bit_depth, rows, palette=None):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)  # filter type 0 (none) before each row
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))
    if palette:
        body += chunk(b"PLTE", bytes(palette))
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")

write("png", "gray-4x3.png", png(4, 3, 0, 8, [[0, 80, 160, 255]] * 3))
write("png", "rgb-2x2.png", png(2, 2, 2, 8, [[255, 0, 0, 0, 255, 0], [0, 0, 255, 9, 9, 9]]))
write("png", "gray-alpha-2x1.png", png(2, 1, 4, 8, [[10, 255, 200, 0]]))
write("png", "rgba-16bit-1x1.png", png(1, 1, 6, 16, [[1, 2, 3, 4, 5, 6, 7, 8]]))
write("png", "palette-2x2.png", png(2, 2, 3, 8, [[0, 1], [1, 0]], palette=[0, 0, 0, 255, 255, 255]))
# A header claiming 1,000,000 × 1,000,000 pixels (libpng's limit) over 100 bytes of data: the reader must refuse it
# before sizing a buffer from it.
write("png", "huge-header.png", png(1000000, 1000000, 0, 8, [[0] * 99]))

def safetensors(tensors, metadata):
    header, data = {"__metadata__": metadata}, b""
    for name, (dtype, shape, payload) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data

write("safetensors", "two-tensors.safetensors", safetensors(
    {"fc.weight": ("F32", [2, 2], struct.pack("<4f", 1, -2, 0.5, 3)), "fc.bias": ("F32", [2], struct.pack("<2f", 0, 1))},
    {"format": "workbook-checkpoint-1", "completed_epochs": "1", "completed_steps": "0", "global_step": "4"}))
write("safetensors", "doubles-and-empty.safetensors", safetensors(
    {"x": ("F64", [1, 2], struct.pack("<2d", 1.5, -1)), "e": ("F32", [0, 3], b"")}, {}))

# ImageFolder trees in the format of Fuzz/ImageFolder/FuzzTree.swift: entries of kind (0 folder, 1 file, 2 link),
# parent (0 the root, then the folders in the order made), an index into its names, and a body.
names = ["a", "b", "Cat", "cat", "\u00e9", "e\u0301", ".hidden", " ", "with space", "...", "日本", "🙂", "x.png",
         "\ufeff", "Ankle boot", "a.b", "0.png", "1.PNG", "\u00e9.png", "e\u0301.png", ".png", "README",
         ".DS_Store", "a.jpg", "b.JPEG", "c.webp", "img.png.txt", "img.Png", "noext", "with space.png", "-.png"]

def folder(parent, name):
    return bytes([0, parent, names.index(name)])

def png_file(parent, name, width, height, channels, value):  # a valid PNG, written by the harness (libpng)
    return bytes([1, parent, names.index(name), 1, width - 1, height - 1, 0 if channels == 1 else 1, value])

def raw_file(parent, name, data):
    return bytes([1, parent, names.index(name), 0]) + struct.pack("<H", len(data)) + data

def link(parent, name, target):  # a link to a sibling
    return bytes([2, parent, names.index(name), 3, names.index(target)])

write("image-folder", "two-classes.tree", folder(0, "a") + folder(0, "b") + png_file(1, "0.png", 4, 4, 1, 10)
      + png_file(1, "1.PNG", 3, 5, 3, 200) + png_file(2, "0.png", 4, 4, 1, 90) + raw_file(2, "README", b"two classes\n"))
write("image-folder", "nested-unicode.tree", folder(0, "\u00e9") + folder(0, "Ankle boot") + folder(1, "a")
      + folder(0, ".hidden") + png_file(1, "\u00e9.png", 2, 2, 3, 1) + png_file(3, "with space.png", 6, 2, 1, 255)
      + png_file(2, "-.png", 1, 1, 1, 0) + png_file(4, "img.Png", 16, 16, 3, 128) + raw_file(4, ".DS_Store", b""))
write("image-folder", "linked-class.tree", folder(0, "cat") + folder(0, "Cat") + png_file(1, "0.png", 5, 5, 1, 7)
      + png_file(2, "0.png", 5, 5, 3, 70) + link(0, "b", "cat"))
