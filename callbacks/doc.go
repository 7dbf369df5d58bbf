// Package callbacks serves the requests that OneAll makes to a site on its
// own, in the style of package login: here the callback_url of an
// asynchronous video push (wrapper.PushService.TwitterVideo and
// YouTubeVideo).
//
// OneAll documents only that it posts the result to the callback_url once
// the video is processed. The handler takes the body to be OneAll's JSON
// envelope (inferred) and, since OneAll signs nothing, authenticates the
// callback by a secret in the URL that only OneAll learns:
//
//	cb, err := callbacks.VideoCallbackURL("https://www.example.com/oneall/video", secret)
//	res, err := c.Push.YouTubeVideo(ctx, identityToken, wrapper.Video{URL: videoURL, Title: "Our film", CallbackURL: cb})
//	http.Handle("/oneall/video", callbacks.Videos(secret, func(w http.ResponseWriter, r *http.Request, v *callbacks.VideoResult) {
//		// v.Published(), v.Push.ID ...
//	}, nil))
//
// Anything malformed (a method other than POST, no or a wrong secret, a
// body over MaxVideoCallbackBody, not one JSON envelope, no status code)
// fails closed with ErrInvalidVideoCallback. The handler logs nothing;
// errors carry neither the body nor the secret.
package callbacks
