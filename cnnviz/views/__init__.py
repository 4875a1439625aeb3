"""cnnviz.views: widgets that draw what a presenter tells them."""
