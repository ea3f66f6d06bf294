/**
 * The paragraph every writing command's --help gives about its output folder (README.md, "Your
 * files are safe", says the same at more length).
 */
export const OUT_FOLDER_HELP = `The output folder: --out must be new, empty, or an earlier output of this pipeline (its
.lend-an-ear-output.json marker lists every file the pipeline wrote there, and the folder holds
nothing else); it is then replaced, and only the files the marker lists are removed. Any other
folder is refused (exit 2) and left as it is; move your own files out of an output folder
first. --out must not be, hold or lie inside --data or --cache, nor hold an input file. Its
parent folder must exist. The new output is written beside --out and put in its place at the
end: after a failure or a kill, --out holds the previous output or the new one, never a part
(the next run finishes an interrupted swap and removes what a killed run left).`;
