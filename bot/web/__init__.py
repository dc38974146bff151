"""What a browser is served: the widget, the record templates, the demo intranet page."""
