"""The words of the Help menu that are not generated: the coding guide and reader keys."""

from __future__ import annotations

CODING_GUIDE = """\
How to code an article
======================

1. Read it first.
   Open the next article to do (J / K move through the list). Read the whole text once
   before marking anything: the frame of a story is often clearest in its last paragraphs.

2. Decide the frames.
   Press the key of each frame the article uses (the keys are in Help > Keyboard, and next
   to each frame in the coding pane). Hold Shift with the key to make one of them the
   primary frame: the one a reader would take away if they read only the headline and the
   first paragraph. Help > Codebook definitions says what each frame covers.

3. Mark the cues.
   Select the words that carry a frame ("war of centimetres", "billions in aid") and press
   that frame's key: the selection becomes a frame cue, underlined in the frame's colour.
   Cues are the evidence a colleague or a reviewer will look at when you disagree.

4. Set the tone.
   One key from A S D F G, from explicitly against to explicitly for the subject of your
   project. Code what the text says, not what you think of it.

5. Check the sources.
   Tab moves through the suggested attributions (who said what). Enter accepts one, Delete
   rejects it. Select a quote the suggestions missed and press N to add it yourself.

6. Write a memo when unsure.
   M opens the memo. A sentence on why you hesitated saves a long discussion in review.

7. Finish.
   Ctrl+Enter marks the article done and opens the next one to do. There is no Save: every
   change is in the project file the moment you make it, and Ctrl+Z undoes it.

When two of you code the same articles, compare your files with Review > Compare with
file... and decide each disagreement; the agreement figures are in the review report.
"""

# Keys the reader and coding pane handle themselves (not menu actions), for the sheet.
READER_KEYS = (
    ("Tab / Shift+Tab", "next / previous suggestion or annotation in the text"),
    ("Enter / Delete", "accept / reject the selected suggestion; Delete removes an annotation"),
    ("Shift + frame key", "make that frame the primary frame"),
    ("frame key with text selected", "mark the selection as a cue for that frame"),
    ("N", "new attribution from the selected text"),
    ("M", "edit the memo"),
)
