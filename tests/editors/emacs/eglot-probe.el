;;; eglot-probe.el --- Drive eglot against the server in batch mode  -*- lexical-binding: t; -*-
;; emacs --batch -l eglot-probe.el; env: BA_SNIPPET (the README's eglot set-up, evaluated as a
;; user's init would), BA_FILE, BA_WAIT (text a diagnostic must contain once the index has
;; linked the routes), BA_LINE and BA_COL (0-based: the hover position). Prints one JSON line:
;; the server eglot started, the Flymake diagnostics (code, line, column) and the hover text.
(require 'eglot)
(require 'json)
(load (getenv "BA_SNIPPET") nil t)
(find-file (getenv "BA_FILE"))
(python-mode)
(let ((inhibit-message t))
  (call-interactively #'eglot))

(defun ba-wait (pred seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (flymake-start)
      (accept-process-output nil 0.2))
    (funcall pred)))

(ba-wait (lambda () (eglot-current-server)) 30)
(ba-wait (lambda ()
           (seq-some (lambda (d) (string-search (getenv "BA_WAIT") (flymake-diagnostic-text d)))
                     (flymake-diagnostics)))
         60)

(defun ba-diagnostic (d)
  (save-excursion
    (goto-char (flymake-diagnostic-beg d))
    `((text . ,(flymake-diagnostic-text d))
      (line . ,(1- (line-number-at-pos)))
      (col . ,(current-column)))))

(let* ((server (eglot-current-server))
       (hover nil))
  (goto-char (point-min))
  (forward-line (string-to-number (getenv "BA_LINE")))
  (forward-char (string-to-number (getenv "BA_COL")))
  (when server
    (setq hover (plist-get (plist-get (jsonrpc-request server :textDocument/hover
                                                       (eglot--TextDocumentPositionParams))
                                      :contents)
                           :value)))
  (princ (concat (json-encode
                  `((server . ,(and server (mapconcat #'identity (process-command (jsonrpc--process server)) " ")))
                    (diagnostics . ,(vconcat (mapcar #'ba-diagnostic (flymake-diagnostics))))
                    (hover . ,hover)))
                 "\n"))
  (when (and server (getenv "BA_EVENTS"))
    (with-current-buffer (jsonrpc-events-buffer server)
      (write-region (point-min) (point-max) (getenv "BA_EVENTS"))))
  (when server (ignore-errors (eglot-shutdown server))))
(kill-emacs 0)
