// Placeholder entry point; replaced by the project's own issue.
return 0;
