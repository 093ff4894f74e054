// The dispatch page's tile map: Leaflet (served from this server, wwwroot/lib/leaflet) with tiles from the
// configured URL (Wms:Console:TileUrl). Blazor calls draw() when the plan changes; the map of an element is
// made once and its route layer redrawn. Leaflet itself is loaded on the first draw, so that the pages
// without a map do not download and parse it.
window.wmsRouteMap = {
    loading: null,
    load: function (script, style) {
        if (window.L) {
            return Promise.resolve();
        }
        if (!this.loading) {
            // Both the script and its stylesheet: a map laid out before Leaflet's CSS applies puts its tiles in the flow.
            var add = function (tag, attributes) {
                return new Promise(function (resolve, reject) {
                    var element = document.createElement(tag);
                    Object.assign(element, attributes);
                    element.onload = function () { resolve(); };
                    element.onerror = function () { reject(new Error('Leaflet could not be loaded from ' + (attributes.src || attributes.href))); };
                    document.head.appendChild(element);
                });
            };
            this.loading = Promise.all([add('link', { rel: 'stylesheet', href: style }), add('script', { src: script })]);
        }
        return this.loading;
    },
    draw: async function (element, data) {
        await this.load(data.leafletScript, data.leafletStyle);
        var map = element._wmsMap;
        if (!map) {
            map = L.map(element, { keyboard: true, attributionControl: true });
            L.tileLayer(data.tileUrl, { maxZoom: 19, attribution: data.attribution }).addTo(map);
            element._wmsRoutes = L.layerGroup().addTo(map);
            element._wmsMap = map;
        }
        var layer = element._wmsRoutes;
        layer.clearLayers();
        var bounds = [];
        data.routes.forEach(function (route) {
            var points = route.stops.map(function (s) { return [s.lat, s.lon]; });
            if (data.depot) {
                points = [data.depot].concat(points, [data.depot]);
            }
            L.polyline(points, { color: route.colour, weight: 4, dashArray: route.locked ? '8 6' : null, className: 'route-line' })
                .bindTooltip(route.vehicle).addTo(layer);
            route.stops.forEach(function (s) {
                L.circleMarker([s.lat, s.lon], { radius: 6, color: route.colour, fillOpacity: 0.9, className: 'route-stop' })
                    .bindTooltip(s.label).addTo(layer);
                bounds.push([s.lat, s.lon]);
            });
        });
        if (data.depot) {
            L.marker(data.depot, { icon: L.divIcon({ className: 'depot-icon', iconSize: [14, 14] }), title: data.depotLabel, keyboard: true }).addTo(layer);
            bounds.push(data.depot);
        }
        // The container may have been laid out after the map was made: measure it again before fitting.
        map.invalidateSize();
        if (bounds.length > 0) {
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
        } else {
            map.setView([0, 0], 2);
        }
    }
};
