import os

# before anything imports Qt
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CNNVIZ_BACKEND", "numpy")
