// Click-to-load videos: until the reader presses play, a video is a poster kept on this site
// inside a link to the video's page, and nothing is asked of the video's host. Pressing play
// puts the host's player (YouTube's privacy-enhanced one, or Vimeo's without tracking) in its
// place, and moves the keyboard focus to it.
document.querySelectorAll('figure.video-embed[data-embed]').forEach((figure) => {
  const link = figure.querySelector('a.video-link');
  if (!link) return;
  link.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const frame = document.createElement('iframe');
    frame.src = figure.dataset.embed;
    frame.title = figure.dataset.title || 'Video';
    frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    frame.allowFullscreen = true;
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    frame.className = 'video-frame';
    link.replaceWith(frame);
    frame.focus();
  });
});
