"""The Qt-free core: records, reading, lossless writing, queries and the library index."""
